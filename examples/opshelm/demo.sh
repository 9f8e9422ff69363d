#!/usr/bin/env bash
# Demo (seed 003): three code changes in a throwaway copy of this example — SAFE, RISKY and
# BREAKING, one per language — and the policy decision Accord takes on each. Every step edits
# the code, re-runs `accord surface snapshot` (as the author would before committing),
# commits, and judges the commit with `accord check --base HEAD~1 --head HEAD`.
# Nothing outside the temp directory is touched.
#
#   examples/opshelm/demo.sh [path/to/accord]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
accord=$(realpath "${1:-$here/../../target/release/accord}" 2>/dev/null || echo "${1:-$here/../../target/release/accord}")
if [ ! -x "$accord" ]; then
  (cd "$here/../.." && cargo build --release --quiet -p accord-cli)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/." "$work/"
rm -rf "$work/.accord" "$work/decisions" "$work/demo.sh"
cd "$work"
git init -q -b main && git add -A && git -c user.name=demo -c user.email=demo@example.invalid commit -qm "baseline"

# Edits a file in place: replace the first occurrence of $2 by $3 (fails when $2 is absent).
edit() {
  python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
if old not in text:
    sys.exit(f"{path}: `{old}` not found")
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
}

# Snapshots the surfaces, commits, and prints the decision on the commit; $3, when given, is
# the pull request body.
step() {
  local expected=$1 message=$2
  local pr=()
  if [ -n "${3:-}" ]; then printf '%b' "$3" >"$work/.git/accord-pr.md"; pr=(--pr-body "$work/.git/accord-pr.md"); fi
  "$accord" surface snapshot >/dev/null
  git add -A && git -c user.name=demo -c user.email=demo@example.invalid commit -qm "$message"
  set +e
  "$accord" check --base HEAD~1 --head HEAD --format human --color never "${pr[@]}" >out.txt 2>&1
  local status=$?
  set -e
  cat out.txt
  local outcome
  outcome=$(grep -oE '\b(APPROVE_WITH_CONDITIONS|APPROVE|DENY)\b' out.txt | head -1 || true)
  echo "== decision: ${outcome:-none} (expected $expected), exit code $status"
  if [ -n "${4:-}" ] && ! grep -q -- "$4" out.txt; then
    echo "demo.sh: expected \`$4\` in the report" >&2
    exit 1
  fi
  rm -f out.txt
  echo
  if [ "$outcome" != "$expected" ]; then
    echo "demo.sh: expected $expected, got ${outcome:-no decision}" >&2
    exit 1
  fi
}

echo "== 1. SAFE (agents, Python): summarize_thread gains an optional \`language=\"en\"\`; new function redact_secrets"
edit packages/agents/src/opshelm_agents/triage.py \
  '*, tone: str = "neutral") -> str:' \
  '*, tone: str = "neutral", language: str = "en") -> str:'
cat >>packages/agents/src/opshelm_agents/sentry.py <<'PY'


def redact_secrets(text: str, *, mask: str = "***") -> str:
    """`text` with API keys and bearer tokens replaced by `mask`."""
    return re.sub(r"(?i)bearer\s+\S+", "Bearer " + mask, text)
PY
edit packages/agents/src/opshelm_agents/__init__.py \
  'from .sentry import SecuritySentry, Threat, scan_for_injection' \
  'from .sentry import SecuritySentry, Threat, scan_for_injection, redact_secrets'
edit packages/agents/src/opshelm_agents/__init__.py '    "scan_for_injection",' '    "scan_for_injection",
    "redact_secrets",'
# TestSmith: a new stable export comes with a test that uses it.
cat >>packages/agents/tests/test_sentry.py <<'PY'


def test_bearer_tokens_are_masked():
    from opshelm_agents import redact_secrets

    assert redact_secrets("Authorization: Bearer abc") == "Authorization: Bearer ***"
PY
# The Agents API has no integration owner, so its review escalates to the architect.
step APPROVE "agents: optional language for summaries, redact_secrets" \
  'Contract Impact: SAFE\n\nReviewed-by: @agents-maintainer @system-architect\n'

echo "== 2. RISKY (web-sdk, TypeScript): listDecisions returns 20 decisions by default instead of 50"
edit packages/web-sdk/src/decisions.ts 'limit: number = 50' 'limit: number = 20'
# The provider's tests change with its behaviour (TestSmith: otherwise a blocking condition).
edit packages/web-sdk/test/fetch.test.mjs 'await listDecisions("https://x.test", "ws1", 5);' 'await listDecisions("https://x.test", "ws1", 5);
  await listDecisions("https://x.test", "ws1");'
edit packages/web-sdk/test/fetch.test.mjs '"https://x.test/workspaces/ws1/decisions?limit=5",' '"https://x.test/workspaces/ws1/decisions?limit=5",
    "https://x.test/workspaces/ws1/decisions?limit=20",'
step APPROVE_WITH_CONDITIONS "web-sdk: smaller default page of decisions"

echo "== 3. BREAKING (pm-core, Rust): decide() borrows the changes and gains a required \`strict\` flag"
edit crates/pm-core/src/decision.rs \
  'pub fn decide(changes: Vec<SignatureChange>, tests_touched: bool, gates: &[&dyn Gate]) -> Decision {' \
  'pub fn decide(changes: &[SignatureChange], tests_touched: bool, gates: &[&dyn Gate], strict: bool) -> Decision {
    let changes = changes.to_vec();
    let _ = strict;'
# No test of pm-core changes: TestSmith's blocking `tests_updated`, naming the tests that use decide().
step DENY "pm-core: decide borrows the changes and takes strictness" "" "provider-tests-untouched"
