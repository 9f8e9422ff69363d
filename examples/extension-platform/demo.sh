#!/usr/bin/env bash
# Demo: the extension platform of seed 002 vetted by Accord. In a throwaway copy of this
# example, three extensions break the rules of their tier one at a time (a GPL license, a
# branch as provenance, a per-extension patch) and `accord vet` rejects each; then the
# runtime adds dependencies and `accord check --base` audits them: a clean one approved on
# the condition that it is audited, one with a known advisory denied; finally the cold-load
# budget gate: a p95 25 % over its baseline denied, 15 % over approved on condition it is
# documented; a new npm dependency approved on condition of an audit; a removed hostcall
# not named in CHANGELOG.md; a contract retired before its deprecation window (counted in
# release tags) is over; a `pi` CLI flag renamed without a release of deprecation; a test rewritten after its traceability entry. Each violation
# is checked twice: in the human report, and in the JSON decision (`decided`: the finding is
# named by a required action).
#
#   examples/extension-platform/demo.sh [path/to/accord]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
accord=${1:-$here/../../target/release/accord}
if [ ! -x "$accord" ]; then
  (cd "$here/../.." && cargo build --release --quiet -p accord-cli)
fi
work=$(mktemp -d)
decision_json=$(mktemp)
trap 'rm -rf "$work" "$decision_json"' EXIT
cp -r "$here/." "$work/"
rm -rf "$work/.accord"
cd "$work"
git init -q -b main && git add -A && git -c user.name=demo -c user.email=demo@example.invalid commit -qm "baseline"
# The baseline is the 0.9.0 release: deprecation windows are counted in release tags.
git tag v0.9.0

fail() { echo "demo.sh: $*" >&2; exit 1; }

# run EXPECTED_STATUS CMD… — runs an accord command, prints its output, checks its status.
out=""
run() {
  local expected=$1; shift
  set +e
  out=$("$accord" "$@" --color never 2>&1)
  local status=$?
  set -e
  printf '%s\n' "$out"
  echo "== exit code: $status"
  [ "$status" -eq "$expected" ] || fail "\`accord $*\` exited $status, expected $expected"
}
expect() { grep -qF -- "$1" <<<"$out" || fail "expected output to contain: $1"; }
absent() { ! grep -qF -- "$1" <<<"$out" || fail "expected output not to contain: $1"; }

# decided OUTCOME CONDITION RULE [CHECK ARGS…] — the JSON decision of `accord check --base main`
# (plus ARGS) has OUTCOME, and every RULE finding is named by a required action CONDITION.
decided() {
  local outcome=$1 condition=$2 rule=$3; shift 3
  set +e
  "$accord" check --base main "$@" --format json >"$decision_json" 2>/dev/null
  set -e
  python3 - "$decision_json" "$outcome" "$condition" "$rule" <<'PY' || fail "$rule is not in the decision as $condition"
import json, sys
path, outcome, condition, rule = sys.argv[1:]
report = json.load(open(path, encoding="utf-8"))
decision = report["decision"]
found = [f for f in report["findings"] if f["rule"] == rule]
if not found:
    sys.exit(f"no {rule} finding")
if decision["outcome"] != outcome:
    sys.exit(f"decision {decision['outcome']}, expected {outcome}")
for f in found:
    actions = [a for a in decision["required_actions"]
               if f["fingerprint"] in a["findings"] and a["condition"] == condition]
    if not actions:
        sys.exit(f"{rule} {f['fingerprint']} has no {condition} action")
    a = actions[0]
    print(f"   decision {outcome}: [{'blocking' if a['blocking'] else 'to do'}] {condition} for {rule}: {f['message']}")
PY
}

# edit NAME FIELD JSON — sets one field of one extension in the inclusion list.
edit() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
path = "docs/extension-inclusion-list.json"
name, field, value = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
doc = json.load(open(path, encoding="utf-8"))
entry = next(e for e in doc["extensions"] if e["name"] == name)
if field == "provenance.rev":
    entry["provenance"]["rev"] = value
else:
    entry[field] = value
open(path, "w", encoding="utf-8").write(json.dumps(doc, indent=2) + "\n")
PY
}

echo "== the platform as committed: 20 extensions in 5 tiers, every one within its tier"
run 0 check
run 0 vet

echo
echo "== md-preview (community) relicensed under GPL-3.0-only"
edit md-preview license '"GPL-3.0-only"'
run 1 vet
expect "extension-license-not-allowed"
expect "extension \`md-preview\` is licensed \`GPL-3.0-only\`"
expect "removal criterion"
decided DENY resolve_finding extension-license-not-allowed
git checkout -q -- docs

echo
echo "== vim-keys (third-party) pinned to the branch \"main\" instead of a commit"
edit vim-keys provenance.rev '"main"'
run 1 vet
expect "extension-provenance-unpinned"
expect "extension \`vim-keys\` cannot be pinned"
decided DENY resolve_finding extension-provenance-unpinned
git checkout -q -- docs

echo
echo "== tab-groups (community) only works with a local patch"
mkdir -p extensions/tab-groups/patches
printf -- '--- a/index.js\n+++ b/index.js\n@@ -1 +1 @@\n-// old\n+// patched\n' > extensions/tab-groups/patches/0001-fix-dispatch.patch
run 1 vet
expect "extension-patch-file"
expect "extensions/tab-groups/patches/0001-fix-dispatch.patch"
# check runs the same vetting: the violation lands in its findings too.
run 1 check
expect "extension-patch-file"
decided DENY resolve_finding extension-patch-file
rm -rf extensions/tab-groups/patches

echo
echo "== http-mock (community, profile balanced) starts asking for exec; snippet-box drops to 26/30 scenarios"
edit http-mock capabilities '["http", "tool", "exec"]'
edit snippet-box conformance '{"passed": 26, "total": 30}'
run 1 vet
expect "extension-capability-outside-profile"
expect "declares capability \`exec\`, outside profile \`balanced\`"
expect "extension-conformance-below-tier"
expect "extension \`snippet-box\` passes 86.7 % of conformance"
decided DENY resolve_finding extension-capability-outside-profile
decided DENY resolve_finding extension-conformance-below-tier
# The list now says 26/30, the harness's summary still 28/30: the figure came from no run.
expect "extension-conformance-report-mismatch"
expect "extension \`snippet-box\`: docs/extension-inclusion-list.json says 86.7 % conformance, reports/conformance_summary.json says 93.3 % (28/30)"
decided DENY resolve_finding extension-conformance-report-mismatch
git checkout -q -- docs

echo
echo "== the runtime adds itoa as a dependency (no advisory): approved on condition of an audit"
git checkout -q -b add-itoa
python3 - <<'PY'
p = "runtime/Cargo.toml"
t = open(p).read().replace('[dev-dependencies]\nitoa = "1.0.11"\n', '[dev-dependencies]\n')
t = t.replace('serde_json = "1.0.133"\n', 'serde_json = "1.0.133"\nitoa = "1.0.11"\n')
open(p, "w").write(t)
p = "runtime/Cargo.lock"
t = open(p).read().replace('name = "itoa"\nversion = "1.0.11"', 'name = "itoa"\nversion = "1.0.14"')
open(p, "w").write(t)
PY
run 0 check --base main --format human
expect "dependency-added"
expect "crates.io:itoa 1.0.11 → 1.0.14"
expect "decision: APPROVE_WITH_CONDITIONS"
expect "Audit dependency crates.io:itoa"
decided APPROVE_WITH_CONDITIONS dependency_audited dependency-added
git checkout -q -- runtime && git checkout -q main

echo
echo "== the web dashboard adds mariadb 3.2.3, licensed LGPL-2.1-or-later: refused by the license policy"
git checkout -q -b add-mariadb
python3 - <<'PY'
import json
p = "web/package.json"
doc = json.load(open(p))
doc["dependencies"]["mariadb"] = "^3.2.3"
open(p, "w").write(json.dumps(doc, indent=2) + "\n")
p = "web/package-lock.json"
doc = json.load(open(p))
doc["packages"][""]["dependencies"]["mariadb"] = "^3.2.3"
doc["packages"]["node_modules/mariadb"] = {
    "version": "3.2.3",
    "resolved": "https://registry.npmjs.org/mariadb/-/mariadb-3.2.3.tgz",
    "license": "LGPL-2.1-or-later",
}
open(p, "w").write(json.dumps(doc, indent=2) + "\n")
PY
run 1 check --base main --format human
expect "dependency added: npm:mariadb 3.2.3 (LGPL-2.1-or-later)"
expect "dependency-license-not-allowed"
expect "decision: DENY"
decided DENY resolve_finding dependency-license-not-allowed
git checkout -q -- web && git checkout -q main

echo
echo "== the runtime adds smallvec 1.6.0, which RUSTSEC-2021-0003 affects: denied"
git checkout -q -b add-smallvec
python3 - <<'PY'
p = "runtime/Cargo.toml"
t = open(p).read().replace('serde_json = "1.0.133"\n', 'serde_json = "1.0.133"\nsmallvec = "1.6.0"\n')
open(p, "w").write(t)
p = "runtime/Cargo.lock"
t = open(p).read() + '\n[[package]]\nname = "smallvec"\nversion = "1.6.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n'
open(p, "w").write(t)
PY
git -c user.name=demo -c user.email=demo@example.invalid commit -qam "runtime: use smallvec"
run 1 check --base main --head HEAD --format human
expect "dependency-added"
expect "crates.io:smallvec 1.6.0"
expect "dependency-advisory"
expect "RUSTSEC-2021-0003"
expect "decision: DENY"
decided DENY resolve_finding dependency-advisory --head HEAD
git checkout -q main

# p95 NEW — sets the cold-load p95 of the current budget summary and commits it.
p95() {
  python3 - "$1" <<'PY'
import json, sys
p = "reports/budget_summary.json"
doc = json.load(open(p))
doc["budgets"][0]["p95"] = float(sys.argv[1])
open(p, "w").write(json.dumps(doc, indent=2) + "\n")
PY
  git -c user.name=demo -c user.email=demo@example.invalid commit -qam "cold load p95 $1 ms"
}

echo
echo "== the loader gets slower: cold p95 120 → 150 ms, 25 % over the baseline: denied"
git checkout -q -b slower-loader
p95 150
run 1 check --base main --head HEAD --format human
expect "gate-regression"
expect "+25.0 %"
expect "decision: DENY"
decided DENY resolve_finding gate-regression --head HEAD
run 1 gate
git checkout -q main

echo
echo "== signature checks cost 18 ms: cold p95 120 → 138 ms, 15 % over: approved on condition it is documented"
git checkout -q -b signature-checks
p95 138
run 0 check --base main --head HEAD --format human
expect "gate-regression-justify"
expect "+15.0 %"
expect "decision: APPROVE_WITH_CONDITIONS"
decided APPROVE_WITH_CONDITIONS document_justification gate-regression-justify --head HEAD
git checkout -q main

commit() { git -c user.name=demo -c user.email=demo@example.invalid commit -qam "$1"; }

echo
echo "== the dashboard adds picocolors 1.1.1 (ISC): a new dependency, approved on condition it is audited"
git checkout -q -b add-picocolors
python3 - <<'PY'
import json
p = "web/package.json"
doc = json.load(open(p))
doc["dependencies"]["picocolors"] = "1.1.1"
open(p, "w").write(json.dumps(doc, indent=2) + "\n")
p = "web/package-lock.json"
doc = json.load(open(p))
doc["packages"][""]["dependencies"]["picocolors"] = "1.1.1"
doc["packages"]["node_modules/picocolors"] = {
    "version": "1.1.1",
    "resolved": "https://registry.npmjs.org/picocolors/-/picocolors-1.1.1.tgz",
    "license": "ISC",
}
open(p, "w").write(json.dumps(doc, indent=2) + "\n")
PY
commit "dashboard: colour the conformance table"
run 0 check --base main --head HEAD --format human
expect "warning[dependency-added]: dependency added: npm:picocolors 1.1.1 (ISC)"
expect "decision: APPROVE_WITH_CONDITIONS"
decided APPROVE_WITH_CONDITIONS dependency_audited dependency-added --head HEAD
git checkout -q main

echo
echo "== the runtime removes the deprecated fs_read_sync in 0.10.0 without naming it in CHANGELOG.md"
git checkout -q -b drop-read-sync
python3 - <<'PY'
import re
p = "runtime/src/lib.rs"
t = open(p).read()
t, n = re.subn(r"/// Hostcall `pi.fs.readSync`.*?\n}\n\n", "", t, flags=re.S)
assert n == 1
open(p, "w").write(t)
p = "runtime/Cargo.toml"
t = open(p).read().replace('version = "0.9.0"', 'version = "0.10.0"', 1)
open(p, "w").write(t)
PY
"$accord" surface snapshot >/dev/null
commit "runtime: drop fs_read_sync"
run 1 check --base main --head HEAD --format human
expect "changelog-entry-missing"
expect "BREAKING \`fs_read_sync\` (symbol-removed) is not named in CHANGELOG.md under [Unreleased] or [0.10.0]"
# Deprecated in the 0.9.0 release, removed in 0.10.0: its window (one minor release) is over.
absent "removal-before-deprecation-window"
decided DENY resolve_finding changelog-entry-missing --head HEAD
echo "-- named under [Unreleased] → ### Removed, the CHANGELOG duty is met"
python3 - <<'PY'
p = "CHANGELOG.md"
t = open(p).read()
t = t.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Removed\n- Hostcall `pi.fs.readSync` (`fs_read_sync`), deprecated in 0.9.0: use `fs_read`.\n", 1)
open(p, "w").write(t)
PY
commit "CHANGELOG: fs_read_sync removed"
run 1 check --base main --head HEAD --format human
absent "changelog-entry-missing"
git checkout -q main

echo
echo "== the Extension API contract is retired in 0.10.0, never having been released as deprecated"
git checkout -q -b retire-extension-api
sed -i 's/status: "stable"/status: "retired"/' contracts/runtime-dashboard-v0.9.0.yaml
sed -i '0,/version = "0.9.0"/s//version = "0.10.0"/' runtime/Cargo.toml
commit "retire the Extension API"
run 1 check --base main --head HEAD --format human
expect "contract \`Extension API\` is retired in 0.10.0 but was never deprecated in a release: before 1.0 a deprecated API warns for at least one minor release; earliest removal 0.11.0"
decided DENY resolve_finding removal-before-deprecation-window --head HEAD
git checkout -q main

echo
echo "== the pi CLI drops --json-v1 (deprecated in 0.9.0) and renames --no-color to --plain in 0.10.0"
git checkout -q -b pi-cli-flags
python3 - <<'PY'
p = "runtime/tools/pi.py"
t = open(p).read()
t = t.replace('    doctor.add_argument("--json-v1", action="store_true", deprecated=True)\n', "")
t = t.replace('"--no-color"', '"--plain"')
open(p, "w").write(t)
# Both changes are named in the CHANGELOG, as removals must be (cli-flag-removed).
p = "CHANGELOG.md"
t = open(p).read()
t = t.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Removed\n- `pi doctor --json-v1` (deprecated in 0.9.0): use `--format json`.\n- `pi doctor --no-color`: renamed `--plain`.\n", 1)
open(p, "w").write(t)
PY
sed -i '0,/version = "0.9.0"/s//version = "0.10.0"/' runtime/Cargo.toml
"$accord" surface snapshot >/dev/null
commit "pi: --plain replaces --no-color, --json-v1 goes"
run 1 check --base main --head HEAD --format human
expect "CLI flag \`pi doctor --no-color\` is removed in 0.10.0 but was never deprecated in a release: a CLI flag is deprecated for at least one minor release before it goes; earliest removal 0.11.0"
# Deprecated in the 0.9.0 release, removed in 0.10.0: its window (one minor release) is over;
# the removal itself is reported (and named in the CHANGELOG), not denied.
expect "CLI flag \`pi doctor --json-v1\` is removed"
absent "CLI flag \`pi doctor --json-v1\` is removed in"
absent "changelog-entry-missing"
decided DENY resolve_finding cli-flag-removal-before-deprecation-window --head HEAD
git checkout -q main

echo
echo "== cloud-sync-lite's source disappears: removed from the inclusion list, but not from CHANGELOG.md"
git checkout -q -b drop-cloud-sync
python3 - <<'PY'
import json
p = "docs/extension-inclusion-list.json"
doc = json.load(open(p, encoding="utf-8"))
doc["extensions"] = [e for e in doc["extensions"] if e["name"] != "cloud-sync-lite"]
open(p, "w", encoding="utf-8").write(json.dumps(doc, indent=2) + "\n")
p = "reports/conformance_summary.json"
doc = json.load(open(p, encoding="utf-8"))
doc["extensions"] = [e for e in doc["extensions"] if e["extension"] != "cloud-sync-lite"]
open(p, "w", encoding="utf-8").write(json.dumps(doc, indent=2) + "\n")
p = "reports/scenario_conformance.json"
doc = json.load(open(p, encoding="utf-8"))
doc["scenarios"] = [s for s in doc["scenarios"] if s["extension"] != "cloud-sync-lite"]
open(p, "w", encoding="utf-8").write(json.dumps(doc, indent=2) + "\n")
PY
git rm -rq extensions/cloud-sync-lite
commit "drop cloud-sync-lite"
run 1 check --base main --head HEAD --format human
expect "extension \`cloud-sync-lite\` (tier \`third-party\`) was removed from docs/extension-inclusion-list.json"
expect "RISKY \`cloud-sync-lite\` (extension-removed) is not named in CHANGELOG.md under [Unreleased]"
decided DENY resolve_finding changelog-entry-missing --head HEAD
echo "-- with the removal and its criterion under [Unreleased] → ### Removed"
python3 - <<'PY'
p = "CHANGELOG.md"
t = open(p).read()
t = t.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Removed\n- Extension `cloud-sync-lite`: its source is no longer available (removal criterion).\n", 1)
open(p, "w").write(t)
PY
commit "CHANGELOG: cloud-sync-lite removed"
run 0 check --base main --head HEAD --format human
absent "changelog-entry-missing"
expect "extension-removed"
git checkout -q main

echo
echo "== the dispatch test is rewritten three days later, its matrix entry REQ-EVT-1 is not"
git checkout -q -b tighter-dispatch-test
sed -i 's/"session.start"), 2);/"session.start"), listeners.len());/' runtime/tests/dispatch.rs
later=$(date -u -d "+3 days" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v+3d +%Y-%m-%dT%H:%M:%SZ)
GIT_AUTHOR_DATE=$later GIT_COMMITTER_DATE=$later commit "runtime: dispatch test counts listeners"
# Staleness reads commit times, so the checked tree is this checkout (no --head).
run 0 check --base main --format human
expect "trace-entry-stale"
expect "requirement \`REQ-EVT-1\` is older than its tests: runtime/tests/dispatch.rs"
absent "REQ-CAP-1"
decided APPROVE_WITH_CONDITIONS traceability_reviewed trace-entry-stale
git checkout -q main

echo
echo "== a smoke test is added without a requirement or a suite"
printf '#[test]\nfn loads() {}\n' > runtime/tests/smoke.rs
run 1 check
expect "trace-test-unclassified"
expect "test file runtime/tests/smoke.rs belongs to no test suite (e2e, unit)"
expect "trace-test-untraced"
rm runtime/tests/smoke.rs

echo
echo "demo.sh: every violation was reported as expected"
