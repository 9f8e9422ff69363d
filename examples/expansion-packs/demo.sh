#!/usr/bin/env bash
# Demo: a breaking contract change in a throwaway copy of this example, and the decision
# Accord takes on it. Nothing outside the temp directory is touched.
#
#   examples/expansion-packs/demo.sh [path/to/accord]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
accord=${1:-$here/../../target/release/accord}
if [ ! -x "$accord" ]; then
  (cd "$here/../.." && cargo build --release --quiet -p accord-cli)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/." "$work/"
rm -rf "$work/.accord" "$work/decisions"
cd "$work"
git init -q -b main && git add -A && git -c user.name=demo -c user.email=demo@example.invalid commit -qm "baseline"

echo "== MMOS drops the required section \"Communication Style\" and calls it a MINOR bump (1.1.0)"
"$here/break-contract.sh"
set +e
"$accord" check --base main --format human --color never
status=$?
set -e
echo "== exit code: $status (1 = DENY)"
if [ "$status" -ne 1 ]; then
  echo "demo.sh: expected DENY (exit code 1), got exit code $status" >&2
  exit 1
fi

# Each scenario below starts again from the baseline commit; reports go outside the repository.
out=$(mktemp -d)
trap 'rm -rf "$work" "$out"' EXIT
reset() { git reset -q --hard main && git clean -qfd; }
decision() { # $1 = JSON report; prints "outcome|role=reviewed_by;..."
  python3 - "$1" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
d = report["decision"]
roles = ";".join(f"{r['role']}={r.get('reviewed_by') or '-'}" + (f" ({r['evidence']})" if r.get("evidence") else "")
                 for r in d.get("required_reviewers", []))
print(f"{d['outcome']}|{roles}")
PY
}
expect() { # $1 = what, $2 = expected, $3 = actual
  if [ "$2" != "$3" ]; then
    echo "demo.sh: $1: expected '$2', got '$3'" >&2
    exit 1
  fi
  echo "   ok: $1 = $3"
}

echo
echo "== A SAFE migration (a nullable column on MMOS's table): routed to the Database Owner"
reset
cat > db/migrations/20251103-100000-add-nickname-to-minds.sql <<'SQL'
-- Epic: EPIC-005-voice-fidelity-boost
-- Packs affected: MMOS
-- Pack: SuperAgentes
ALTER TABLE minds ADD COLUMN nickname TEXT;
SQL
git add -A && git -c user.name=demo -c user.email=demo@example.invalid commit -qm "nickname"
set +e
"$accord" check --base main~1 --format json > "$out/safe.json"
status=$?
set -e
"$accord" check --base main~1 --format human --color never | sed -n '/^Decision/,$p' || true
expect "exit code (0: approved with conditions)" 0 "$status"
expect "decision" "APPROVE_WITH_CONDITIONS|database owner=-" "$(decision "$out/safe.json")"
printf '## Summary\nAdds a nickname.\n\nReviewed-by: @database-owner\n' > "$out/pr.md"
"$accord" check --base main~1 --format json --pr-body "$out/pr.md" > "$out/reviewed.json" || true
# The PR body is the author's: the review is reported as declared, not approved.
expect "decision once the Database Owner is declared as reviewer" "APPROVE|database owner=database-owner (pr_body)" "$(decision "$out/reviewed.json")"

echo
echo "== A new integration ETL → CreatorOS without its integration guide"
reset
sed -e 's/ETL → MMOS Source Collection/ETL → CreatorOS Source Reuse/' \
    -e 's/^  consumer: MMOS$/  consumer: CreatorOS/' \
    docs/expansion-packs/contracts/etl-mmos-v1.0.0.yaml > docs/expansion-packs/contracts/etl-creator-os-v1.0.0.yaml
"$accord" docs > /dev/null
"$accord" codeowners > /dev/null
set +e
"$accord" check --base main --format json > "$out/new.json"
status=$?
set -e
"$accord" check --base main --format human --color never | grep -E "governance-duty-unmet|needs a change" || true
expect "exit code (1 = DENY)" 1 "$status"
missing=$(python3 - "$out/new.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print(",".join(sorted({f["rule"] + ":" + f["message"].split("needs a change to ")[-1].split("`")[1]
                       for f in report["findings"] if f["rule"] == "governance-duty-unmet"})))
PY
)
expect "duties left undone" "governance-duty-unmet:docs/expansion-packs/guides/**,governance-duty-unmet:expansion-packs/etl/README.md,governance-duty-unmet:tests/integration/**" "$missing"
expect "routed reviewers" "DENY|architect=-;integration owner of \`ETL → CreatorOS Source Reuse\`=-" "$(decision "$out/new.json")"

echo
echo "== A new ADR without \"## Alternatives Considered\": the document contract reports it at its line"
reset
"$accord" new adr "Cache voice prompts" > /dev/null
adr=docs/expansion-packs/decisions/ADR-003-cache-voice-prompts.md
python3 - "$adr" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("TODO: names or roles", "System Architect, MMOS Maintainer")
text = text.replace("TODO: ", "Prompts are rebuilt on every request; ")
cut = text.index("\n## Alternatives Considered")
end = text.index("\n## Consequences")
open(path, "w", encoding="utf-8").write(text[:cut] + text[end:])
PY
set +e
"$accord" check --format json > "$out/adr.json"
status=$?
set -e
"$accord" check --format human --color never | grep -A4 "governance-doc-section-missing" || true
expect "exit code (1 = check failed)" 1 "$status"
where=$(python3 - "$out/adr.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print(",".join(f"{f['rule']}@{f['location']['path']}:{f['location']['line']}" for f in report["findings"]))
PY
)
expect "ADR finding" "governance-doc-section-missing@$adr:13" "$where"
