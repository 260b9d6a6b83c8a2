#!/usr/bin/env bash
# The main job: build the jpki CLI (release) and run `jpki demo`, the whole JPKI story on the
# built-in simulated My Number Card (no reader, no card, no network needed). Installs the Debian
# packages the build needs when they are missing. Extra arguments go to `jpki demo`
# (e.g. --json, or --reader NAME for a real card).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages "${TEST_PACKAGES[@]}"
swift build -c release --product jpki
jpki="$(swift build -c release --show-bin-path)/jpki"
echo "\$ jpki demo $*"
"$jpki" demo "$@"
