#!/usr/bin/env bash
# Acceptance test of the CRL tools on a generated 1M-entry CRL (issue 3). Not part of the unit
# tests: it takes a minute or two and about 1 GB of disk in the work folder.
#
#   1. `jpki crl generate` a 1M-entry CRL (seed 1) with its issuer certificate and key;
#   2. `openssl crl -CAfile` verifies it;
#   3. `jpki crl lookup` on 1M probes (half revoked, half random) agrees with a python3 set of the
#      serials `openssl crl -text` lists, dates and reasons included; `--count-only` too;
#   4. a second CRL (entries 100 000..<1 100 000 of the same seed, same key): `jpki crl diff`
#      agrees with the set differences of what `openssl crl -text` lists.
#
# Usage: scripts/crl-acceptance.sh [WORK_DIR]   (default: $TMPDIR/jpki-crl-acceptance)
# Environment: JPKI (a built jpki binary; default: build release into .build-crl), ENTRIES.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/jpki-crl-acceptance}"
entries="${ENTRIES:-1000000}"
shift_by=$((entries / 10))
if [[ -n "${JPKI:-}" ]]; then JPKI="$(cd "$(dirname "$JPKI")" && pwd)/$(basename "$JPKI")"; fi
mkdir -p "$work"
cd "$work"

if [[ -z "${JPKI:-}" ]]; then
    echo "== building jpki (release, scratch path .build-crl)"
    swift build -c release --package-path "$root" --scratch-path "$root/.build-crl" --product jpki >/dev/null
    JPKI="$root/.build-crl/release/jpki"
fi

step() { echo; echo "== $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

step "generate: $entries entries, seed 1"
/usr/bin/time -f "   generate: %e s, max RSS %M KiB" "$JPKI" crl generate --entries "$entries" --seed 1 --out old.crl
ls -l old.crl old.crl.issuer.pem old.crl.key.pem

step "openssl crl -CAfile"
verify="$(openssl crl -inform DER -in old.crl -CAfile old.crl.issuer.pem -noout 2>&1)"
echo "   $verify"
[[ "$verify" == *"verify OK"* ]] || fail "openssl did not verify the generated CRL"

step "reference: openssl crl -text"
/usr/bin/time -f "   openssl crl -text: %e s" openssl crl -inform DER -in old.crl -noout -text >old.txt

step "probes: half revoked, half random (python3)"
python3 - "$entries" <<'EOF'
import random, sys
def entries(path):
    result, serial, date = {}, None, None
    with open(path) as text:
        lines = iter(text)
        for line in lines:
            line = line.strip()
            if line.startswith("Serial Number: "):
                serial = int(line[len("Serial Number: "):], 16)
            elif line.startswith("Revocation Date: "):
                result[serial] = [line[len("Revocation Date: "):], None]
            elif line.startswith("X509v3 CRL Reason Code:"):
                result[serial][1] = next(lines).strip()
    return result
listed = entries("old.txt")
assert len(listed) == int(sys.argv[1]), f"openssl lists {len(listed)} entries"
rng = random.Random(2024)
revoked = rng.sample(sorted(listed), len(listed) // 2)
probes = list(revoked)
while len(probes) < len(listed):
    value = rng.getrandbits(64)
    if value not in listed:
        probes.append(value)
rng.shuffle(probes)
with open("probes.txt", "w") as out:
    out.write("".join("%X\n" % p for p in probes))
print(f"   {len(probes)} probes, {len(revoked)} of them revoked")
EOF

step "jpki crl lookup --count-only"
set +e
count="$("$JPKI" crl lookup --crl old.crl --serials probes.txt --count-only)"
status=$?
set -e
echo "   revoked: $count (exit $status)"
[[ $status -eq 1 ]] || fail "exit code $status, expected 1 (revoked serials found)"
[[ "$count" == "$((entries / 2))" ]] || fail "count $count, expected $((entries / 2))"

step "jpki crl lookup --json (results compared with the reference)"
set +e
"$JPKI" crl lookup --crl old.crl --serials probes.txt --json >lookup.json
status=$?
set -e
[[ $status -eq 1 ]] || fail "exit code $status, expected 1"
python3 - <<'EOF'
import json, datetime
def entries(path):
    result, serial = {}, None
    with open(path) as text:
        lines = iter(text)
        for line in lines:
            line = line.strip()
            if line.startswith("Serial Number: "):
                serial = int(line[len("Serial Number: "):], 16)
            elif line.startswith("Revocation Date: "):
                result[serial] = [line[len("Revocation Date: "):], None]
            elif line.startswith("X509v3 CRL Reason Code:"):
                result[serial][1] = next(lines).strip()
    return result
listed = entries("old.txt")
probes = [int(line, 16) for line in open("probes.txt") if line.strip()]
expected = [p for p in probes if p in listed]
report = json.load(open("lookup.json"))
found = [int(r["serial"], 16) for r in report["results"]]
assert report["entries"] == len(listed), report["entries"]
assert report["probes"] == len(probes), report["probes"]
assert report["revoked"] == len(expected), (report["revoked"], len(expected))
assert found == expected, "revoked serials differ from the set-based reference (or their order)"
def openssl_date(iso):
    t = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return t.strftime("%b ") + f"{t.day:2d}" + t.strftime(" %H:%M:%S %Y GMT")
for r in report["results"]:
    date, reason = listed[int(r["serial"], 16)]
    assert openssl_date(r["revocationDate"]) == date, (r, date)
    assert r.get("reason") == reason, (r, reason)
print(f"   agrees: {report['revoked']} revoked of {report['probes']} probes, dates and reasons equal openssl's")
print(f"   entries {report['entries']}, index {report['indexBytes']} bytes "
      f"({report['indexBytes'] / report['entries']:.2f} B/entry), threads {report['threads']}")
print(f"   load (map + parse + index) {report['loadSeconds'] * 1000:.1f} ms, "
      f"lookup {report['lookupSeconds'] * 1000:.1f} ms = {report['probes'] / report['lookupSeconds'] / 1e6:.1f} M lookups/s")
EOF

step "a newer CRL: entries $shift_by..<$((entries + shift_by)) of seed 1, same key"
"$JPKI" crl generate --entries "$entries" --first "$shift_by" --seed 1 --key old.crl.key.pem --out new.crl
openssl crl -inform DER -in new.crl -CAfile old.crl.issuer.pem -noout 2>&1 | grep -q "verify OK" \
    || fail "openssl did not verify the second CRL"
openssl crl -inform DER -in new.crl -noout -text >new.txt

step "jpki crl diff old.crl new.crl --json (compared with set differences)"
/usr/bin/time -f "   diff: %e s, max RSS %M KiB" "$JPKI" crl diff old.crl new.crl --json >diff.json
python3 - <<'EOF'
import json
def serials(path):
    return {int(line.strip()[len("Serial Number: "):], 16) for line in open(path)
            if line.strip().startswith("Serial Number: ")}
old, new = serials("old.txt"), serials("new.txt")
report = json.load(open("diff.json"))
added = [int(e["serial"], 16) for e in report["newlyRevoked"]]
removed = [int(e["serial"], 16) for e in report["noLongerListed"]]
assert len(added) == len(set(added)) and len(removed) == len(set(removed))
assert set(added) == new - old, "newly revoked differs from the set difference"
assert set(removed) == old - new, "no longer listed differs from the set difference"
print(f"   agrees: {len(added)} newly revoked, {len(removed)} no longer listed "
      f"(old {report['oldEntries']}, new {report['newEntries']} entries; {report['seconds'] * 1000:.1f} ms in process)")
EOF

step "jpki crl info (with the signature)"
/usr/bin/time -f "   info: %e s, max RSS %M KiB" "$JPKI" crl info old.crl --issuer old.crl.issuer.pem | sed 's/^/   /'

echo
echo "ALL CRL ACCEPTANCE CHECKS PASSED (work folder: $work)"
