# Sourced by the scripts: installs the Debian packages a step needs when they are missing.
# Usage: ensure_packages PACKAGE...
ensure_packages() {
    local missing=()
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "missing packages (${missing[*]}) and no apt-get: install them by hand" >&2
        return 1
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing ${missing[*]} ..." >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Starts pcscd (with vsmartcard's vpcd reader driver) in the background unless it is running.
# Tests that need it skip with a message when it cannot be started.
ensure_pcscd() {
    if [ -S /run/pcscd/pcscd.comm ] && pgrep -x pcscd >/dev/null 2>&1; then
        return 0
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo mkdir -p /run/pcscd
    echo "starting pcscd ..." >&2
    $sudo setsid nohup pcscd --foreground >/tmp/pcscd.log 2>&1 < /dev/null &
    local i
    for i in $(seq 1 50); do
        [ -S /run/pcscd/pcscd.comm ] && return 0
        sleep 0.2
    done
    echo "pcscd did not start (see /tmp/pcscd.log); PC/SC tests will be skipped" >&2
    return 0
}

# Installs pyHanko's CLI (the PDF tests' judge) with pip when it is missing and pip is there;
# the tests that need it skip with a message otherwise.
ensure_pyhanko() {
    command -v pyhanko >/dev/null 2>&1 && return 0
    command -v pip3 >/dev/null 2>&1 || { echo "no pip3: pyHanko's tests will be skipped" >&2; return 0; }
    echo "installing pyhanko-cli ..." >&2
    pip3 install -q pyhanko-cli >/dev/null 2>&1 || echo "pip could not install pyhanko-cli: its tests will be skipped" >&2
    return 0
}

# The packages the tests need: OpenSSL's library (crypto backend, benchmark peer) and its CLI
# (differential tests, `openssl ts`); libpcsclite, pcscd and vsmartcard's vpcd driver (PC/SC tests
# through a virtual reader); OpenSC (its JPKI driver is tested against the simulator); zlib (PDF
# streams); poppler's pdfsig and qpdf (judges of the PDF signatures).
TEST_PACKAGES=(libssl-dev openssl libpcsclite-dev pcscd vsmartcard-vpcd opensc zlib1g-dev poppler-utils qpdf)

# The NIST PKITS certificates and CRLs the verification tests read in place (VerificationTests'
# PKITS suite), from pyca/cryptography's test vectors. Installs them with pip when missing; the
# suite skips itself, saying so, when they cannot be installed.
PKITS_PACKAGE="cryptography-vectors==50.0.2"
ensure_pkits_vectors() {
    if python3 -c "import cryptography_vectors" >/dev/null 2>&1; then
        return 0
    fi
    if ! command -v python3 >/dev/null 2>&1; then
        echo "no python3: the PKITS suite will be skipped" >&2
        return 0
    fi
    echo "installing ${PKITS_PACKAGE} ..." >&2
    python3 -m pip install --quiet "${PKITS_PACKAGE}" >&2 \
        || echo "could not install ${PKITS_PACKAGE}: the PKITS suite will be skipped" >&2
    return 0
}

# Installs schemathesis (the HTTP API's judge, against its own OpenAPI document) with pip when
# it is missing.
ensure_schemathesis() {
    command -v st >/dev/null 2>&1 && return 0
    command -v pip3 >/dev/null 2>&1 || ensure_packages python3-pip
    echo "installing schemathesis ..." >&2
    pip3 install -q "schemathesis==4.32.5" >/dev/null 2>&1 || pip3 install -q --break-system-packages "schemathesis==4.32.5" >/dev/null
}
