#!/usr/bin/env bash
# Runs the concurrency-heavy tests under ThreadSanitizer and the whole suite once under
# AddressSanitizer, each in its own scratch path (.build-tsan, .build-asan), and prints what
# the sanitizers reported.
#
# Usage: scripts/sanitize.sh [--thread] [--address] [-- extra `swift test` arguments]
#
#   --thread    only the ThreadSanitizer run
#   --address   only the AddressSanitizer run
#
# ThreadSanitizer runs (TSAN_FILTER overrides the list): the CRL store updated under
# verifications (CRLStoreTests, the soak test CRLSoakTests — JPKI_SOAK_SECONDS, 20 here unless
# set), the verifier's caches (CacheConcurrencyTests), the card channel and the card actor
# (CardChannelTests, ConcurrentCardTests, PINSafetyTests), and the vpcd bridge with pcscd
# (PCSCIntegrationTests, PCSCFlowTests, CardCommandTests). AddressSanitizer runs every test, with
# LeakSanitizer on (the toolchain's own leaks suppressed: scripts/lsan-suppressions.txt).
# Logs: .build-tsan/sanitize.log, .build-asan/sanitize.log. Exits non-zero when a build fails,
# a test fails or a sanitizer reports anything.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages "${TEST_PACKAGES[@]}"
ensure_pcscd
ensure_pkits_vectors

RUN_THREAD=1
RUN_ADDRESS=1
EXTRA=()
while [ $# -gt 0 ]; do
    case "$1" in
        --thread) RUN_ADDRESS=0; shift ;;
        --address) RUN_THREAD=0; shift ;;
        --) shift; EXTRA=("$@"); break ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "sanitize.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

TSAN_FILTER="${TSAN_FILTER:-CRLStoreTests|CRLSoakTests|CacheConcurrencyTests|CardChannelTests|ConcurrentCardTests|PINSafetyTests|PCSCIntegrationTests|PCSCFlowTests|CardCommandTests}"
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
FAILED=0
declare -a SUMMARY

# run NAME SANITIZER SCRATCH [swift test arguments...]
run() {
    local name="$1" sanitizer="$2" scratch="$3"
    shift 3
    local log="$scratch/sanitize.log"
    mkdir -p "$scratch"
    echo "== $name: swift build --build-tests --sanitize=$sanitizer --scratch-path $scratch"
    local started
    started=$(date +%s)
    if ! swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" >"$scratch/build.log" 2>&1; then
        grep -E 'error:' "$scratch/build.log" | head -20 >&2
        SUMMARY+=("$name: BUILD FAILED (see $scratch/build.log)")
        FAILED=1
        return
    fi
    echo "== $name: swift test --skip-build --sanitize=$sanitizer --scratch-path $scratch $*"
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@" "${EXTRA[@]}" >"$log" 2>&1
    local rc=$?
    local reports tests
    reports=$(grep -cE '^(WARNING: ThreadSanitizer|==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer))' "$log")
    tests=$(grep -E 'Test run with [0-9]+ tests' "$log" | tail -1)
    grep -E '^soak:' "$log" || true
    if [ "$rc" -ne 0 ] || [ "$reports" -ne 0 ]; then
        FAILED=1
        grep -E -A12 '^(WARNING: ThreadSanitizer|==[0-9]+==ERROR)' "$log" | head -60 >&2
        grep -E '✘|error:' "$log" | head -20 >&2
    fi
    SUMMARY+=("$name: exit $rc, $reports sanitizer report(s), $(( $(date +%s) - started )) s; ${tests:-no test summary} (log $log)")
}

if [ $RUN_THREAD -eq 1 ]; then
    JPKI_SOAK_SECONDS="${JPKI_SOAK_SECONDS:-20}" TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0 second_deadlock_stack=1}" \
        run "thread sanitizer" thread .build-tsan --filter "$TSAN_FILTER"
fi
if [ $RUN_ADDRESS -eq 1 ]; then
    # Leaks of the toolchain's libraries (XCTest, libcurl, Foundation.Process) are suppressed;
    # see scripts/lsan-suppressions.txt.
    # A 16 MB quarantine (ASan's default is 256 MB): freed memory held back would otherwise read
    # as growth in the soak test's flat-memory check (76 MB over its 64 MB bound in one run).
    ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=16}" \
    LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan-suppressions.txt print_suppressions=0}" \
        run "address sanitizer" address .build-asan
fi
echo "== sanitizers"
for line in "${SUMMARY[@]}"; do echo "   $line"; done
exit $FAILED
