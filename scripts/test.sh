#!/usr/bin/env bash
# Runs the whole test suite. Installs what it needs first (Debian packages, as root or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages "${TEST_PACKAGES[@]}"
ensure_pcscd
ensure_pkits_vectors
swift build --build-tests
swift test --skip-build "$@"
