#!/usr/bin/env bash
# jpki-platform's checks (scripts/test.sh runs them after the SDK's suite):
#  1. the Swift tests, with a throwaway PostgreSQL server (scripts/postgres.sh) for the
#     PostgreSQL variants and the two-instance test;
#  2. the built `jpki-platform serve` on the test PKI, on SQLite and on PostgreSQL, checked by
#     schemathesis against its own /openapi.yaml (no 5xx; status codes, content types, bodies and
#     headers as the spec says; bad input refused; 405 for other methods; the admin token);
#  3. the README's log-in with curl, a revocation picked up on SIGHUP (the next log-in 410), and
#     verify-audit: intact, then broken after an edit of the SQLite file.
# Every process it starts, it stops. Arguments go to `swift test`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source scripts/prerequisites.sh
ensure_packages "${TEST_PACKAGES[@]}" curl
ensure_schemathesis
source scripts/postgres.sh

echo "== jpki-platform: build (Server/)"
swift build --package-path Server --build-tests
platform="$(swift build --package-path Server --show-bin-path)/jpki-platform"

work="$(mktemp -d)"
server_pid=""
postgres_url=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$postgres_url" ] && postgres_stop "$postgres_url" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

postgres_url=$(postgres_start)
echo "   PostgreSQL: $postgres_url"

echo "== jpki-platform: tests (SQLite and PostgreSQL)"
JPKI_PLATFORM_POSTGRES_URL="$postgres_url" swift test --package-path Server --skip-build "$@"

# Starts `jpki-platform serve` on database $1 in the background; sets server_pid and port.
start_server() {
    local log="$work/serve-$RANDOM.log"
    JPKI_PLATFORM_ADMIN_TOKEN=ci-token "$platform" serve --database "$1" --crl-dir "$work/pki/crl" \
        --test-pki "$work/pki" --port 0 --log-level warning >"$log" 2>&1 &
    server_pid=$!
    local i
    for i in $(seq 1 150); do
        grep -q "listening on" "$log" && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$log"; return 1; }
        sleep 0.2
    done
    port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$')
    [ -n "$port" ] || { cat "$log"; return 1; }
}

stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid" || { echo "jpki-platform serve did not stop cleanly" >&2; return 1; }
    server_pid=""
}

"$platform" test-pki init "$work/pki" >/dev/null
checks="not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
checks+=",response_headers_conformance,negative_data_rejection,unsupported_method,allow_header_conformance"
checks+=",missing_required_header,ignored_auth,use_after_free,ensure_resource_availability"

for database in "sqlite:$work/platform.db" "$postgres_url"; do
    echo "== jpki-platform: schemathesis on ${database%%:*}"
    start_server "$database"
    st run "http://127.0.0.1:$port/openapi.yaml" --checks "$checks" --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" \
        --seed 20261203 --no-color 2>&1 | tail -n 12
    stop_server
done

echo "== jpki-platform: the README's log-in with curl, a revocation, the audit trail"
start_server "sqlite:$work/platform.db"
JPKI_PLATFORM_BIN="$platform" Server/scripts/demo.sh login "$work/pki" "$port" >"$work/login.txt" || { cat "$work/login.txt"; exit 1; }
grep -q "^HTTP 200" "$work/login.txt"
"$platform" test-pki revoke "$work/pki" >/dev/null
kill -HUP "$server_pid"
# The reload on SIGHUP shows in readiness: wait (bounded) for the revocation change.
for i in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/v1/revocation-changes?since=0" | grep -q affiliationChanged && break
    sleep 0.2
done
curl -sf "http://127.0.0.1:$port/v1/revocation-changes?since=0" | grep -q affiliationChanged
curl -sf -X POST "http://127.0.0.1:$port/v1/challenges" -d '{"purpose":"login"}' >"$work/challenge.json"
"$platform" test-pki sign "$work/pki" --challenge-response "$work/challenge.json" >"$work/login.json"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/v1/login" -d @"$work/login.json")
[ "$status" = 410 ] || { echo "log-in after the revocation answered $status, not 410" >&2; exit 1; }
echo "   log-in 200, revocation reported, next log-in 410"
stop_server
head=$("$platform" verify-audit --database "sqlite:$work/platform.db" | sed -n 's/^intact: .* head //p')
[ -n "$head" ] || { echo "verify-audit did not report an intact chain" >&2; exit 1; }
cp "$work/platform.db" "$work/rewritten.db"
python3 - "$work/platform.db" "$work/rewritten.db" <<'PY'
# An edit of record 3 in one copy; in the other, the same edit with every later hash recomputed
# (the chain's rule, written here independently of the Swift code: SHA-256 over the previous hash,
# the sequence, the time, the operation and the document, each prefixed with its UTF-8 length as
# a 64-bit big-endian integer).
import hashlib, sqlite3, struct, sys
def chain_hash(previous, sequence, recorded_at, operation, document):
    data = b""
    for field in (previous, str(sequence), str(recorded_at), operation, document):
        encoded = field.encode()
        data += struct.pack(">Q", len(encoded)) + encoded
    return hashlib.sha256(data).hexdigest()
edited = sqlite3.connect(sys.argv[1])
edited.execute("DROP TRIGGER audit_append_only_update")
edited.execute("UPDATE audit SET document = document || ' ' WHERE sequence = 3")
edited.commit()
rewritten = sqlite3.connect(sys.argv[2])
rewritten.execute("DROP TRIGGER audit_append_only_update")
rows = rewritten.execute("SELECT sequence, recorded_at, operation, document, previous_hash, hash FROM audit ORDER BY sequence").fetchall()
previous = original = "0" * 64
for sequence, recorded_at, operation, document, previous_hash, hash_ in rows:
    # The chain as Swift wrote it holds under this independent computation.
    assert previous_hash == original and hash_ == chain_hash(original, sequence, recorded_at, operation, document), sequence
    original = hash_
    if sequence == 3:
        document += " "
    hash_ = chain_hash(previous, sequence, recorded_at, operation, document)
    rewritten.execute("UPDATE audit SET document = ?, previous_hash = ?, hash = ? WHERE sequence = ?",
                      (document, previous, hash_, sequence))
    previous = hash_
rewritten.commit()
PY
if "$platform" verify-audit --database "sqlite:$work/platform.db"; then
    echo "verify-audit did not find the edited record" >&2
    exit 1
fi
"$platform" verify-audit --database "sqlite:$work/rewritten.db" >/dev/null \
    || { echo "the rewritten chain should hold on its own" >&2; exit 1; }
if "$platform" verify-audit --database "sqlite:$work/rewritten.db" --expect-head "$head"; then
    echo "verify-audit --expect-head did not find the rewritten chain" >&2
    exit 1
fi
echo "   verify-audit: intact (the Swift hashes recomputed by Python agree), an edit found, a rewritten chain found against the kept head"
