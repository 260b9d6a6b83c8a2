#!/usr/bin/env bash
# Log-in load benchmark of jpki-platform, by hand: requests/s, p50 and p99 of POST /v1/login
# under wrk on loopback, against the raw OpenSSL RSA-2048 verify rate of all the machine's cores
# measured in the same run. It reports; it asserts nothing (targets: >= 0.6x raw, p99 <= 20 ms).
#
#   Server/Benchmarks/login-load.sh [--database sqlite:PATH | postgres://USER@HOST:PORT/DB]
#                                   [--bodies N|auto] [--duration 30s] [--threads 2]
#                                   [--connections 16] [--no-build] [--keep]
#
# The server (release build) and wrk run on the same machine, sharing its cores; the ratio is
# 2xx log-ins/s over `openssl speed -multi $(nproc) rsa2048` verify/s (all cores at once).
#
# Each log-in consumes a one-time challenge, so the bodies are prepared before each timed run:
# `jpki-platform test-pki login-bodies` issues N challenges over HTTP and signs each with the
# simulated card's authentication key (not through its APDUs), one JSON body per line; login.lua
# gives each wrk thread a disjoint slice. N defaults to "auto": a 4 s warm-up with 4000 bodies
# measures the rate, and N = rate x duration x 1.3 + 2000. When the bodies run out, wrk goes on
# with consumed challenges (refused); the output says how many.
#
# Two variants, one server: "unregistered" (the certificate verifies, no customer: 200 without
# one) and "registered" (after one POST /v1/customers with the same card, so the log-in also
# looks the customer up). The database is whatever --database names (default: a new SQLite file
# in the temporary directory); the script only talks HTTP, so any store the server accepts works.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
package=$(cd "$here/.." && pwd)

database=""
bodies="auto"
duration="30s"
threads=2
connections=16
build=1
keep=0
warmup_bodies=4000
warmup_duration="4s"

usage() { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --database) database="$2"; shift 2 ;;
        --database=*) database="${1#*=}"; shift ;;
        --bodies) bodies="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --keep) keep=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

for tool in wrk openssl curl jq awk; do
    command -v "$tool" > /dev/null || { echo "error: $tool is required (apt-get install wrk jq curl)" >&2; exit 2; }
done
if [[ "$bodies" != "auto" && ! "$bodies" =~ ^[0-9]+$ ]]; then
    echo "error: --bodies: a number or auto" >&2; exit 2
fi
seconds=$(awk -v d="$duration" 'BEGIN {
    n = d + 0; u = substr(d, length(d));
    if (u == "m") n *= 60; else if (u == "h") n *= 3600; print n }')

work=$(mktemp -d "${TMPDIR:-/tmp}/login-load.XXXXXX")
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2> /dev/null; then
        kill -TERM "$server_pid" 2> /dev/null || true
        for _ in $(seq 50); do kill -0 "$server_pid" 2> /dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2> /dev/null || true
        wait "$server_pid" 2> /dev/null || true
    fi
    if [[ $keep -eq 1 ]]; then echo "kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
[[ -n "$database" ]] || database="sqlite:$work/platform.db"

# The database URL without a password or query (for the output).
shown_database=$(sed -e 's#^\([a-z]*://[^:@/]*\):[^@/]*@#\1:***@#' -e 's#?.*##' <<< "$database")

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if [[ $build -eq 1 ]]; then
    log "swift build -c release --package-path $package"
    swift build -c release --package-path "$package" >&2
fi
binary="$(swift build -c release --package-path "$package" --show-bin-path)/jpki-platform"
[[ -x "$binary" ]] || { echo "error: $binary not built (drop --no-build)" >&2; exit 2; }

load_before=$(uptime)
cores=$(nproc)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)

# The test PKI and the server (challenges live long enough for preparation and runs).
"$binary" test-pki init "$work/pki" > /dev/null
log "serve --database $shown_database"
"$binary" serve --database "$database" --crl-dir "$work/pki/crl" --test-pki "$work/pki" --port 0 \
    --log-level warning --challenge-lifetime 7200 --renewal-match disabled \
    > "$work/server.out" 2> "$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 300); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$work/server.out" | head -1)
    [[ -n "$url" ]] && break
    kill -0 "$server_pid" 2> /dev/null || { cat "$work/server.err" >&2; echo "error: the server stopped" >&2; exit 2; }
    sleep 0.1
done
[[ -n "$url" ]] || { echo "error: the server did not print its address" >&2; exit 2; }
log "server at $url (pid $server_pid)"

# prepare COUNT FILE: COUNT signed log-in bodies.
prepare() {
    log "preparing $1 log-in bodies"
    "$binary" test-pki login-bodies "$work/pki" --url "$url" --count "$1" --out "$2" 2>&1 | sed 's/^/  /' >&2
}

# run_wrk FILE DURATION: one wrk run; prints wrk's output (with the LOGIN-RESULT line).
run_wrk() {
    wrk -t"$threads" -c"$connections" -d"$2" --timeout 10s --latency -s "$here/login.lua" "$url" -- "$1" "$threads"
}

field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<< "$2" | head -1; }

# How many bodies.
if [[ "$bodies" == "auto" ]]; then
    prepare "$warmup_bodies" "$work/warmup.jsonl"
    log "warm-up: wrk $warmup_duration with $warmup_bodies bodies"
    warm=$(run_wrk "$work/warmup.jsonl" "$warmup_duration" | grep '^LOGIN-RESULT')
    rate=$(field ok_rps_while_bodies_lasted "$warm")
    [[ "$rate" == "-" ]] && rate=$(field ok_rps "$warm")
    bodies=$(awk -v r="$rate" -v s="$seconds" 'BEGIN { printf "%d", r * s * 1.3 + 2000 }')
    log "warm-up: $rate log-ins/s; $bodies bodies per run"
    rm -f "$work/warmup.jsonl"
fi

# One timed run per variant.
declare -A result
measure() {
    local variant=$1
    prepare "$bodies" "$work/$variant.jsonl"
    log "$variant: wrk -t$threads -c$connections -d$duration --latency"
    run_wrk "$work/$variant.jsonl" "$duration" | tee "$work/$variant.wrk" | sed 's/^/  /' >&2
    result[$variant]=$(grep '^LOGIN-RESULT' "$work/$variant.wrk")
    rm -f "$work/$variant.jsonl"
}

measure unregistered

# Register the card once (registration challenge, both keys sign through the simulated card).
log "registering the test card (POST /v1/customers)"
issued=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"purpose":"registration"}' "$url/v1/challenges")
"$binary" test-pki sign "$work/pki" --for registration \
    --challenge-id "$(jq -r .challengeId <<< "$issued")" --challenge "$(jq -r .challenge <<< "$issued")" \
    > "$work/registration.json"
status=$(curl -s -o "$work/registration.out" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary @"$work/registration.json" "$url/v1/customers")
if [[ "$status" != 201 ]]; then
    echo "error: registration answered $status: $(cat "$work/registration.out")" >&2
    exit 2
fi
log "registered: customer $(jq -r .customer.id "$work/registration.out")"

measure registered

# The server's work is done: stop it before the raw RSA figure.
kill -TERM "$server_pid"
wait "$server_pid" 2> /dev/null || true
server_pid=""
load_after=$(uptime)

log "openssl speed -seconds 10 -multi $cores rsa2048"
openssl speed -seconds 10 -multi "$cores" rsa2048 > "$work/openssl.out" 2>&1
verify=$(awk '/^rsa +2048 bits/ { v = $NF } END { print v }' "$work/openssl.out")
sign=$(awk '/^rsa +2048 bits/ { v = $(NF-1) } END { print v }' "$work/openssl.out")
[[ -n "$verify" ]] || { cat "$work/openssl.out" >&2; echo "error: no rsa 2048 line from openssl speed" >&2; exit 2; }

# The report.
cat << EOF

== jpki-platform log-in load, $(date -u +%Y-%m-%dT%H:%M:%SZ)
machine:    $cores cores ($cpu), $(uname -sr); server and wrk on the same cores (loopback)
load:       before: ${load_before#*load average: }; after the runs: ${load_after#*load average: }
database:   $shown_database
wrk:        wrk -t$threads -c$connections -d$duration --timeout 10s --latency -s login.lua (wrk 4: latency as measured, no coordinated-omission correction)
bodies:     $bodies per run (one challenge each)
openssl:    openssl speed -seconds 10 -multi $cores rsa2048 ($(openssl version | cut -d' ' -f1,2)): $verify verify/s on all $cores cores ($sign sign/s)
EOF
for variant in unregistered registered; do
    line=${result[$variant]}
    ok_rps=$(field ok_rps "$line")
    p99=$(field p99_ms "$line")
    ratio=$(awk -v a="$ok_rps" -v b="$verify" 'BEGIN { printf "%.4f", a / b }')
    printf '%-13s %s 2xx/s (%s req/s), p50 %s ms, p99 %s ms, max %s ms; %s requests, %s non-2xx (%s), %s after the bodies ran out\n' \
        "$variant:" "$ok_rps" "$(field rps "$line")" "$(field p50_ms "$line")" "$p99" "$(field max_ms "$line")" \
        "$(field requests "$line")" "$(field non2xx "$line")" "$(field statuses "$line")" "$(field exhausted "$line")"
    if [[ "$(field exhausted "$line")" != 0 ]]; then
        printf '              the bodies ran out: %s 2xx/s while they lasted; the figures above include the refusals after; run again with a larger --bodies\n' \
            "$(field ok_rps_while_bodies_lasted "$line")"
    fi
    printf '              ratio to raw RSA-2048 verify x %s cores: %sx (target >= 0.6x: %s); p99 target <= 20 ms: %s\n' \
        "$cores" "$ratio" \
        "$(awk -v r="$ratio" 'BEGIN { print (r >= 0.6 ? "met" : "not met") }')" \
        "$(awk -v p="$p99" 'BEGIN { print (p <= 20 ? "met" : "not met") }')"
    printf '              socket errors %s\n' "$(field socket_errors "$line")"
done
