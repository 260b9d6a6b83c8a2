#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of Fuzz/: DERFuzz, BERTLVFuzz, PEMFuzz (JPKIASN1),
# CertificateFuzz, CRLFuzz, OCSPFuzz (JPKIX509), CMSFuzz (CMS and the verifier), CardChannelFuzz,
# HostileCardFuzz, CardFilesFuzz (the card channel and clients), SimulatorFuzz,
# CardVerifiableFuzz (the 券面 APs' CV certificates and signed records) and PDFFuzz (JPKIPDF).
#
# Usage: scripts/fuzz.sh [--time SECONDS] [--runs N] [--max-len BYTES] [--no-build] [--onone]
#                        [--summary FILE] [--seeds] [target...] [-- extra libFuzzer flags]
#
#   --time SECONDS  fuzz each target this long (default 60 when --runs is not given)
#   --runs N        stop each target after N executions (with --time too: whichever comes first)
#   --max-len BYTES largest input libFuzzer generates (default 8192; 16384 for the card targets,
#                   65536 for PDFFuzz)
#   --no-build      use the binaries already in Fuzz/bin
#   --onone         build with -Onone into Fuzz/bin/onone: slower, but the standard library's
#                   debug checks (bounds of unsafe buffer pointers) are on
#   --summary FILE  where the summary table goes besides stdout
#                   (default Fuzz/corpus-work/fuzz-summary.md)
#   --seeds         regenerate the committed seeds of the SDK targets from the simulator
#                   (FuzzSeeds) and exit
#   target          any of the above (default: all thirteen)
#
# The ASN1 targets are built with swiftc over Sources/ASN1/*.swift plus Fuzz/<target>.swift,
# compiled as one module (so the fuzz files do not `import ASN1` and reach its internal and
# package declarations), into Fuzz/bin/<target>. The
# other targets are the executables of the package Fuzz/SDKFuzz, built by SwiftPM with
# `--sanitize fuzzer --sanitize address` (the SDK's modules instrumented too) and
# linked into Fuzz/bin/<target>. Its corpus is
# Fuzz/corpus-work/<target>/: the committed seeds of Fuzz/seeds/<target>/ and, when
# ../shared/fixtures is present, the fixture certificates, CRLs, OCSP messages and the CMS
# signatures of the fixture PDFs (read in place, copied only into this ignored work directory).
# Crash inputs go to Fuzz/artifacts/<target>-crash-*, logs to Fuzz/corpus-work/<target>.log
# (<target>-onone.log with --onone). A table of the runs (target, executions, seconds, coverage,
# crashes) is printed and written to the summary file. Exits non-zero when any target crashes or
# fails to build.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }

SDK_TARGETS=" CertificateFuzz CRLFuzz OCSPFuzz CMSFuzz CardChannelFuzz HostileCardFuzz CardFilesFuzz SimulatorFuzz 
    CardVerifiableFuzz PDFFuzz FuzzSeeds "

is_sdk_target() { [[ "$SDK_TARGETS" == *" $1 "* ]]; }

# The SDK targets: one SwiftPM build of the fuzz package (incremental; SwiftPM decides what is
# stale), then the target's binary linked into $BIN.
build_sdk() {
    local target="$1" configuration=release
    [ "$OPT" = -Onone ] && configuration=debug
    local scratch="Fuzz/SDKFuzz/.build" log="$WORK/$target$SUFFIX.build.log"
    echo "== $target: building with SwiftPM ($configuration, fuzzer + address sanitizers)"
    # SwiftPM passes --sanitize fuzzer and --sanitize address to swiftc as two -sanitize= options,
    # of which swiftc keeps the last: the modules would be built with ASan and no coverage
    # instrumentation (libFuzzer then reports no "cov:" and mutates blind). -Xswiftc with both in
    # one option comes after them and wins; the --sanitize options still make the link pull the
    # fuzzer and ASan runtimes.
    if ! swift build --package-path Fuzz/SDKFuzz --scratch-path "$scratch" -c "$configuration" \
        -Xswiftc -sanitize=fuzzer,address \
        --sanitize fuzzer --sanitize address --product "$target" >"$log" 2>&1; then
        grep -v -e 'ld.gold: warning' -e 'prohibited flag' "$log" | tail -40 >&2
        return 1
    fi
    ln -sf "$ROOT/$scratch/$configuration/$target" "$BIN/$target"
}

build() {
    local target="$1" binary="$BIN/$1"
    if is_sdk_target "$target"; then build_sdk "$target"; return; fi
    local sources=(Sources/ASN1/*.swift "Fuzz/$target.swift")
    if [ -x "$binary" ]; then
        local stale=0 source
        for source in "${sources[@]}"; do
            if [ "$source" -nt "$binary" ]; then stale=1; break; fi
        done
        if [ $stale -eq 0 ]; then echo "== $target: up to date ($binary)"; return 0; fi
    fi
    echo "== $target: building $binary ($OPT)"
    local log="$WORK/$target$SUFFIX.build.log"
    local attempt
    for attempt in 1 2 3; do
        if "$SWIFTC" -sanitize=fuzzer,address -parse-as-library "$OPT" -g -module-name ASN1Fuzz \
            -package-name swift-jpki "${sources[@]}" -o "$binary" >"$log" 2>&1; then
            break
        fi
        # A source edited while it was compiled: build again.
        if [ $attempt -lt 3 ] && grep -q 'was modified during the build' "$log"; then
            echo "   a source changed during the build; building again"
            sleep 5
            continue
        fi
        grep -v 'ld.gold: warning' "$log" | tail -40 >&2
        return 1
    done
    # The linker's warnings about asan symbols are harmless; show anything else.
    grep -v -e 'ld.gold: warning' -e '^$' "$log" || true
}

# Base64 bodies of the PEM blocks of a file, one decoded file each: DER seeds from PEM fixtures.
pem_to_der() {
    local pem="$1" prefix="$2"
    awk -v prefix="$prefix" '
        /^-----BEGIN / { n++; inside = 1; file = prefix "-" n ".b64"; next }
        /^-----END / { inside = 0; close(file); next }
        inside && !/:/ { print > file }
    ' "$pem"
    local b64
    for b64 in "$prefix"-*.b64; do
        [ -e "$b64" ] || continue
        base64 -d "$b64" >"${b64%.b64}.der" 2>/dev/null || rm -f "${b64%.b64}.der"
        rm -f "$b64"
    done
}

seed_corpus() {
    local target="$1" corpus="$WORK/$1"
    mkdir -p "$corpus"
    cp -f "Fuzz/seeds/$target"/* "$corpus"/ 2>/dev/null || true
    [ -d "$FIXTURES" ] || { echo "   (no $FIXTURES: committed seeds only)"; return 0; }
    local added=0 file name
    case "$target" in
        DERFuzz|BERTLVFuzz)
            while IFS= read -r -d '' file; do
                name="fixture-$(echo "${file#"$FIXTURES"/}" | tr '/' '_')"
                case "$file" in
                    *.der) cp -f "$file" "$corpus/$name" ;;
                    *.pem) pem_to_der "$file" "$corpus/${name%.pem}" ;;
                esac
                added=$((added + 1))
            done < <(find "$FIXTURES" -type f \( -name '*.der' -o -name '*.pem' \) -size -"$(max_len "$target")"c -print0)
            ;;
        PEMFuzz)
            while IFS= read -r -d '' file; do
                cp -f "$file" "$corpus/fixture-$(echo "${file#"$FIXTURES"/}" | tr '/' '_')"
                added=$((added + 1))
            done < <(find "$FIXTURES" -type f -name '*.pem' -size -"$(max_len "$target")"c -print0)
            ;;
        PDFFuzz)
            # The signed PDFs of the fixtures, read in place (copied only into the work corpus).
            while IFS= read -r -d '' file; do
                cp -f "$file" "$corpus/fixture-$(basename "$file")"
                added=$((added + 1))
            done < <(find "$FIXTURES/pdf" -type f -name '*.pdf' -print0 2>/dev/null)
            ;;
        CertificateFuzz|CRLFuzz|OCSPFuzz)
            # Certificates: every fixture but the CRLs and OCSP messages; CRLs: the files named
            # crl*; OCSP: the ocsp/ directory.
            local pattern
            case "$target" in
                CertificateFuzz) pattern='! -path */ocsp/* ! -name crl*' ;;
                CRLFuzz) pattern='-name crl*' ;;
                OCSPFuzz) pattern='-path */ocsp/*' ;;
            esac
            while IFS= read -r -d '' file; do
                name="fixture-$(echo "${file#"$FIXTURES"/}" | tr '/' '_')"
                case "$file" in
                    *.der) cp -f "$file" "$corpus/$name" ;;
                    *.pem) pem_to_der "$file" "$corpus/${name%.pem}" ;;
                esac
                added=$((added + 1))
            done < <(set -f; find "$FIXTURES" -type f \( -name '*.der' -o -name '*.pem' \) $pattern \
                -size -"$(max_len "$target")"c -print0)
            ;;
        CMSFuzz)
            # The CMS SignedData of each fixture PDF's signature dictionaries (/Contents <hex>),
            # behind the target's flags byte (0: no detached content given).
            local pdf
            while IFS= read -r -d '' pdf; do
                python3 - "$pdf" "$corpus/fixture-$(basename "$pdf" .pdf)" <<'PYTHON' || true
import re, sys
data = open(sys.argv[1], "rb").read()
for n, match in enumerate(re.finditer(rb"/Contents\s*<([0-9A-Fa-f\s]+)>", data)):
    der = bytes.fromhex(match.group(1).decode().replace("\n", "").replace("\r", "").replace(" ", ""))
    der = der.rstrip(b"\x00")
    if len(der) > 16:
        open(f"{sys.argv[2]}-{n}.der", "wb").write(b"\x00" + der)
PYTHON
                added=$((added + 1))
            done < <(find "$FIXTURES" -type f -name '*.pdf' -print0)
            ;;
    esac
    # Drop decoded fixtures larger than the maximum length.
    find "$corpus" -maxdepth 1 -type f -name 'fixture-*' -size +"$(max_len "$target")"c -delete
    echo "   corpus $corpus: $(find "$corpus" -maxdepth 1 -type f | wc -l) files ($added fixture files read from $FIXTURES)"
}

# The largest input of `target`: --max-len, else 16384 for the card targets (whose seeds are
# transcripts of whole operations) and 8192 for the others.
max_len() {
    if [ -n "$MAX_LEN" ]; then echo "$MAX_LEN"; return; fi
    case "$1" in
        HostileCardFuzz|CardFilesFuzz) echo 16384 ;;
        # Signed PDFs are tens of kilobytes: room for the fixtures.
        PDFFuzz) echo 65536 ;;
        *) echo 8192 ;;
    esac
}

# Regenerates the committed seeds of the SDK targets: FuzzSeeds is built like the targets and
# does its work in LLVMFuzzerInitialize.
generate_seeds() {
    build_sdk FuzzSeeds || return 1
    echo "== FuzzSeeds: writing Fuzz/seeds/{HostileCardFuzz,CardChannelFuzz,CardFilesFuzz,SimulatorFuzz,CMSFuzz}"
    FUZZ_SEEDS_ROOT="$ROOT" "$BIN/FuzzSeeds"
}

# The whole driver is one function, read before it runs: editing this file during a run
# cannot change that run.
main() {
    ALL_TARGETS=(DERFuzz BERTLVFuzz PEMFuzz CertificateFuzz CRLFuzz OCSPFuzz CMSFuzz CardChannelFuzz
        HostileCardFuzz CardFilesFuzz SimulatorFuzz CardVerifiableFuzz PDFFuzz)
    TIME=""
    RUNS=""
    MAX_LEN=""
    BUILD=1
    OPT=-O
    SEEDS=0
    SUMMARY="Fuzz/corpus-work/fuzz-summary.md"
    TARGETS=()
    EXTRA=()

    while [ $# -gt 0 ]; do
        case "$1" in
            --time) TIME="${2:?--time needs a number of seconds}"; shift 2 ;;
            --time=*) TIME="${1#--time=}"; shift ;;
            --runs) RUNS="${2:?--runs needs a number}"; shift 2 ;;
            --runs=*) RUNS="${1#--runs=}"; shift ;;
            --max-len) MAX_LEN="${2:?--max-len needs a number of bytes}"; shift 2 ;;
            --max-len=*) MAX_LEN="${1#--max-len=}"; shift ;;
            --summary) SUMMARY="${2:?--summary needs a file}"; shift 2 ;;
            --summary=*) SUMMARY="${1#--summary=}"; shift ;;
            --no-build) BUILD=0; shift ;;
            --onone) OPT=-Onone; shift ;;
            --seeds) SEEDS=1; shift ;;
            -h|--help) usage; exit 0 ;;
            --) shift; EXTRA=("$@"); break ;;
            -*) echo "fuzz.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
            *) TARGETS+=("$1"); shift ;;
        esac
    done
    for value in "$TIME" "$RUNS" "$MAX_LEN"; do
        if [ -n "$value" ] && ! [[ "$value" =~ ^[0-9]+$ ]]; then
            echo "fuzz.sh: not a number: $value" >&2; exit 2
        fi
    done
    if [ -z "$TIME" ] && [ -z "$RUNS" ]; then TIME=60; fi
    [ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")
    for target in "${TARGETS[@]}"; do
        if [ ! -f "Fuzz/$target.swift" ] && { ! is_sdk_target "$target" || [ "$target" = FuzzSeeds ]; }; then
            echo "fuzz.sh: no such target: $target (have: ${ALL_TARGETS[*]})" >&2; exit 2
        fi
    done

    SWIFTC="${SWIFTC:-swiftc}"
    BIN="Fuzz/bin"
    SUFFIX=""
    if [ "$OPT" = -Onone ]; then BIN="Fuzz/bin/onone"; SUFFIX="-onone"; fi
    WORK="Fuzz/corpus-work"
    ARTIFACTS="Fuzz/artifacts"
    FIXTURES="$ROOT/../shared/fixtures"
    mkdir -p "$BIN" "$WORK" "$ARTIFACTS"
    # Allocation stacks cost most of the time of allocation-heavy targets (PEM); a crash file rerun
    # by hand (Fuzz/bin/<target> <file>) gets ASan's full reports. Set ASAN_OPTIONS to override.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=0}"
    # Swift's backtracer trips over ASan's stack checks after a crash and buries the report.
    export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"

    if [ $SEEDS -eq 1 ]; then generate_seeds; exit $?; fi

    declare -A EXECS STATUS SECONDS_TAKEN COVERAGE CRASHES
    FAILED=0
    for target in "${TARGETS[@]}"; do
        STATUS[$target]="not run"; EXECS[$target]="-"; SECONDS_TAKEN[$target]="-"; COVERAGE[$target]="-"; CRASHES[$target]="-"
    done
    for target in "${TARGETS[@]}"; do
        if [ $BUILD -eq 1 ]; then
            if ! build "$target"; then
                echo "== $target: BUILD FAILED" >&2
                STATUS[$target]="build failed"; EXECS[$target]="-"; FAILED=1; continue
            fi
        elif [ ! -x "$BIN/$target" ]; then
            echo "== $target: $BIN/$target missing (run without --no-build)" >&2
            STATUS[$target]="missing"; EXECS[$target]="-"; FAILED=1; continue
        fi
        seed_corpus "$target"
        flags=(-max_len="$(max_len "$target")" -timeout=30 -print_final_stats=1 -use_value_profile=1
            -artifact_prefix="$ARTIFACTS/$target-")
        [ -n "$TIME" ] && flags+=(-max_total_time="$TIME")
        [ -n "$RUNS" ] && flags+=(-runs="$RUNS")
        log="$WORK/$target$SUFFIX.log"
        echo "== $target: fuzzing (${TIME:+$TIME s}${TIME:+${RUNS:+, }}${RUNS:+$RUNS runs}), log $log"
        started=$(date +%s)
        "$BIN/$target" "${flags[@]}" "${EXTRA[@]}" "$WORK/$target" >"$log" 2>&1
        rc=$?
        SECONDS_TAKEN[$target]=$(( $(date +%s) - started ))
        # Executions: libFuzzer's final "Done N runs" line, else the last "#N" status line.
        done_line="$(grep -E '^Done [0-9]+ runs' "$log" | tail -1)"
        if [ -n "$done_line" ]; then
            execs="$(echo "$done_line" | awk '{print $2}')"
        else
            execs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')"
            done_line="$(grep -E '^#[0-9]+' "$log" | tail -1)"
        fi
        EXECS[$target]="${execs:-0}"
        # Coverage: the edges (cov) and features (ft) of libFuzzer's last status line.
        cov_line="$(grep -E '^#[0-9]+.* cov: [0-9]+' "$log" | tail -1)"
        COVERAGE[$target]="$(echo "$cov_line" | grep -oE 'cov: [0-9]+ ft: [0-9]+' | sed 's/cov: //; s/ ft: /, ft /')"
        [ -n "${COVERAGE[$target]}" ] || COVERAGE[$target]="-"
        # Crashes: the crash, timeout, out-of-memory and leak inputs written (not slow units).
        CRASHES[$target]="$(grep -cE 'Test unit written to .*-(crash|timeout|oom|leak)-' "$log")"
        if [ $rc -eq 0 ]; then
            STATUS[$target]="ok"
            echo "   $target: ${execs:-0} executions, no crash ($done_line)"
        elif [ "${CRASHES[$target]}" = 0 ] && grep -q 'libFuzzer: run interrupted; exiting' "$log"; then
            # SIGINT (^C, or a person ending a long run): not a finding, but not a finished run.
            STATUS[$target]="interrupted (exit $rc)"
            FAILED=1
            echo "   $target: interrupted after ${execs:-0} executions, no crash; log $log" >&2
            # ^C ends the whole run, not only this target (libFuzzer caught the signal).
            break
        else
            STATUS[$target]="CRASH (exit $rc)"
            [ "${CRASHES[$target]}" = 0 ] && CRASHES[$target]=1
            FAILED=1
            echo "   $target: CRASH after ${execs:-0} executions (exit $rc); log $log" >&2
            grep -E -A3 'Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|deadly signal|SUMMARY' "$log" | head -30 >&2
            grep -E 'Test unit written to' "$log" >&2
        fi
    done

    {
        echo "| target | executions | seconds | coverage (edges, features) | crashes | status |"
        echo "|---|---:|---:|---|---:|---|"
        for target in "${TARGETS[@]}"; do
            echo "| $target | ${EXECS[$target]} | ${SECONDS_TAKEN[$target]} | ${COVERAGE[$target]} | ${CRASHES[$target]} | ${STATUS[$target]} |"
        done
    } >"$WORK/.summary.$$"
    mkdir -p "$(dirname "$SUMMARY")"
    {
        echo "fuzz run $(date -u +%Y-%m-%dT%H:%M:%SZ) (${TIME:+--time $TIME}${TIME:+${RUNS:+ }}${RUNS:+--runs $RUNS}, $OPT)"
        echo
        cat "$WORK/.summary.$$"
    } >"$SUMMARY"
    echo "fuzz summary (also in $SUMMARY):"
    cat "$WORK/.summary.$$"
    rm -f "$WORK/.summary.$$"
    if [ $FAILED -ne 0 ]; then echo "fuzz: FAILED" >&2; exit 1; fi
    echo "fuzz: all targets ok"
}

main "$@"; exit $?
