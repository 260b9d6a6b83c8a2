#!/usr/bin/env bash
# Builds the example programs (Examples/, a SwiftPM package depending on this checkout) and runs
# each one as a check; every program exits non-zero when something unexpected happens.
#   LoginServer   challenge-response log-in: JPKIVerifier and a simulated My Number Card
#   DailyCRLJob   a platform operator's daily job: partitioned CRLs, a customer list, the newly
#                 revoked; run twice: on its generated demo day, then on the same files given as
#                 "your own files", which must give the same CSV
# Usage: scripts/examples.sh [-c release]   (extra arguments go to `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages libssl-dev libpcsclite-dev

echo "== examples: build"
swift build --package-path Examples "$@"
bin=$(swift build --package-path Examples "$@" --show-bin-path)

echo "== examples: LoginServer"
"$bin/LoginServer"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== examples: DailyCRLJob (demo day)"
"$bin/DailyCRLJob" --work-dir "$work/day"

echo "== examples: DailyCRLJob (the same files, given as your own)"
"$bin/DailyCRLJob" --today "$work/day/today" --yesterday "$work/day/yesterday" \
    --customers-csv "$work/day/customers.csv" --issuer "$work/day/signature-root.der" \
    --output "$work/own.csv"
if ! cmp -s "$work/day/newly-revoked.csv" "$work/own.csv"; then
    echo "examples: DailyCRLJob wrote different CSVs for the same files" >&2
    exit 1
fi

echo "== examples: all passed"
