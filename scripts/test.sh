#!/usr/bin/env bash
# Runs the whole test suite. Installs what it needs first (Debian packages, as root or with sudo).
# Then builds and runs the consumer check (Tests/Consumers, a package of its own): one program
# that links the SDK beside swift-certificates and jwt-kit, and passes a certificate between them;
# and jpki-platform's checks (Server/scripts/test.sh: its tests with a throwaway PostgreSQL,
# schemathesis against its OpenAPI document, the curl log-in).
# Arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages "${TEST_PACKAGES[@]}"
ensure_pcscd
ensure_pkits_vectors
ensure_pyhanko
swift build --build-tests
swift test --skip-build "$@"

echo "== consumer: build (Tests/Consumers: swift-jpki beside swift-certificates and jwt-kit)"
swift build --package-path Tests/Consumers
"$(swift build --package-path Tests/Consumers --show-bin-path)/ConsumerCheck"

echo "== jpki-platform (Server/): its tests on SQLite and PostgreSQL, schemathesis, the curl log-in"
./Server/scripts/test.sh
