#!/usr/bin/env bash
# jpki-platform on the simulator's test PKI, SQLite, in two commands (README):
#
#   Server/scripts/demo.sh serve [DIR] [PORT]   makes a test PKI and a card of 番号 花子 in DIR
#                                               (default demo-platform) the first time, then serves
#                                               on 127.0.0.1:PORT (default 8080) until Ctrl-C
#   Server/scripts/demo.sh login [DIR] [PORT]   in another terminal: registers the card and logs in
#                                               with curl, printing each request and answer
#
# Installs what is missing (Debian: curl, and the SDK's build prerequisites).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/scripts/prerequisites.sh"
command="${1:-}"
directory="${2:-demo-platform}"
port="${3:-8080}"
ensure_packages libssl-dev libpcsclite-dev zlib1g-dev curl
# JPKI_PLATFORM_BIN: a jpki-platform already built (Server/scripts/test.sh passes its own).
platform="${JPKI_PLATFORM_BIN:-}"
if [ -z "$platform" ]; then
    swift build --package-path "$root/Server" --product jpki-platform >&2
    platform="$(swift build --package-path "$root/Server" --show-bin-path)/jpki-platform"
fi

case "$command" in
serve)
    [ -f "$directory/card.json" ] || "$platform" test-pki init "$directory"
    exec "$platform" serve --database "sqlite:$directory/platform.db" --crl-dir "$directory/crl" \
        --test-pki "$directory" --port "$port"
    ;;
login)
    url="http://127.0.0.1:$port"
    show() { printf '\n$ %s\n' "$*"; }
    show "curl -s -X POST $url/v1/challenges -d '{\"purpose\":\"registration\"}'"
    curl -sf -X POST "$url/v1/challenges" -d '{"purpose":"registration"}' | tee "$directory/challenge.json"
    show "jpki-platform test-pki sign $directory --for registration --challenge-response $directory/challenge.json > $directory/registration.json"
    "$platform" test-pki sign "$directory" --for registration --challenge-response "$directory/challenge.json" \
        >"$directory/registration.json"
    show "curl -s -X POST $url/v1/customers -d @$directory/registration.json"
    # 201 the first time; 409 duplicate-registration when the card is registered already.
    registered=$(curl -s -X POST "$url/v1/customers" -d @"$directory/registration.json")
    printf '%s…\n' "${registered:0:400}"
    show "curl -s -X POST $url/v1/challenges -d '{\"purpose\":\"login\"}'"
    curl -sf -X POST "$url/v1/challenges" -d '{"purpose":"login"}' | tee "$directory/challenge.json"
    show "jpki-platform test-pki sign $directory --challenge-response $directory/challenge.json > $directory/login.json"
    "$platform" test-pki sign "$directory" --challenge-response "$directory/challenge.json" >"$directory/login.json"
    show "curl -s -X POST $url/v1/login -d @$directory/login.json"
    answer=$(curl -s -w '\n%{http_code}' -X POST "$url/v1/login" -d @"$directory/login.json")
    status=$(tail -n 1 <<<"$answer")
    body=$(head -n 1 <<<"$answer")
    printf '%s…\nHTTP %s\n' "${body:0:600}" "$status"
    [ "$status" = 200 ]
    ;;
*)
    echo "usage: $0 serve|login [DIR] [PORT]" >&2
    exit 2
    ;;
esac
