#!/usr/bin/env bash
# The main job, for now: build the jpki CLI and dump the J-LIS signature root certificate's DER
# tree. (It becomes the end-to-end demo on the simulated card as the layers land.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
ensure_packages "${TEST_PACKAGES[@]}"
swift build -c release --product jpki
jpki=$(swift build -c release --show-bin-path)/jpki
certificate=../shared/fixtures/jlis-ca/sign_ca_2023.pem
if [ ! -f "$certificate" ]; then
    echo "demo: $certificate is absent (clone the project beside its shared/ folder)" >&2
    exit 2
fi
echo "\$ jpki asn1 dump $certificate"
"$jpki" asn1 dump "$certificate"
