#!/usr/bin/env bash
# Reads lockfiles that real package managers write (npm, pnpm, yarn v1) through the
# dependency audit of `accord check --base`, and compares the packages Accord reports with
# what the package manager itself lists. Everything is fetched into a temporary directory
# and deleted; nothing is committed.
#
#   scripts/vet-real-lockfiles.sh [path/to/accord]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
accord=${1:-$here/target/debug/accord}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# Real, widely used packages with deep trees; lodash 4.17.20 has a published advisory.
packages=(express@4.17.1 lodash@4.17.20 debug@2.6.9 chalk@4.1.2)

# compare KIND — `accord check --base` on a repo whose head adds the lockfile in ./KIND,
# against the (name, version) pairs in KIND.oracle.
compare() {
  local kind=$1
  (
    cd "$kind"
    git init -q -b main
    printf '[project]\nname = "probe"\n\n[dependencies]\nadvisory_db = "advisories"\n' > accord.toml
    mkdir -p advisories && cp "$here/examples/extension-platform/advisories/"*.json advisories/
    git add accord.toml advisories && git -c user.name=p -c user.email=p@p commit -qm base
    set +e
    "$accord" check --base main --format json > ../"$kind".json
    set -e
  )
  python3 - "$kind" <<'PY'
import json, sys
kind = sys.argv[1]
report = json.load(open(f"{kind}.json"))
got = set()
for f in report["findings"]:
    if f["rule"] == "dependency-added":
        name = f["contract"].split(":", 1)[1]
        for v in f["logical_path"].split(", "):
            got.add((name, v))
oracle = {tuple(l.split("\t")) for l in open(f"{kind}.oracle").read().split("\n") if l}
adv = [f["message"] for f in report["findings"] if f["rule"] == "dependency-advisory"]
missing, extra = oracle - got, got - oracle
print(f"{kind}: oracle {len(oracle)} packages, accord {len(got)}; missing {len(missing)}, extra {len(extra)}; advisories: {len(adv)}")
for m in sorted(missing)[:5]: print("  missing", m)
for e in sorted(extra)[:5]: print("  extra", e)
for a in adv: print("  ", a)
PY
}

# npm: package-lock.json v3, oracle `npm ls --all`.
mkdir npm && (cd npm && npm init -y >/dev/null && npm install --package-lock-only --ignore-scripts --silent "${packages[@]}" \
  && npm ls --all --package-lock-only --parseable --long 2>/dev/null | sed -n 's|.*node_modules/\(.*\):\(.*\)@\([^:@]*\):.*|\2\t\3|p; s|.*node_modules/\(.*\):\(.*\)@\([^:@]*\)$|\2\t\3|p' | sort -u > ../npm.oracle)
compare npm

# pnpm: pnpm-lock.yaml, oracle `pnpm list --depth Infinity`.
mkdir pnpm && (cd pnpm && npm init -y >/dev/null && npx -y pnpm@9 add --ignore-scripts "${packages[@]}" >/dev/null \
  && npx -y pnpm@9 list --depth Infinity --json 2>/dev/null | python3 -c '
import json, sys
seen = set()
def walk(deps):
    for name, d in (deps or {}).items():
        if (name, d["version"]) in seen: continue
        seen.add((name, d["version"])); walk(d.get("dependencies"))
for p in json.load(sys.stdin): walk(p.get("dependencies"))
for n, v in sorted(seen): print(f"{n}\t{v}")' > ../pnpm.oracle && rm -rf node_modules) || echo "pnpm unavailable"
[ -s pnpm.oracle ] && compare pnpm

# yarn v1: yarn.lock, oracle: the lockfile entries yarn itself prints with `yarn list`.
npm install --silent --prefix "$work/tools" yarn@1 >/dev/null || true
yarn="$work/tools/node_modules/.bin/yarn"
mkdir yarn && (cd yarn && npm init -y >/dev/null && "$yarn" add --ignore-scripts --silent --no-progress "${packages[@]}" >/dev/null \
  && "$yarn" list --json --silent 2>/dev/null | python3 -c '
import json, sys
out = set()
def walk(trees):
    for t in trees:
        name, _, version = t["name"].rpartition("@")
        # Shadow children (`accepts@~1.3.7`) point at a hoisted entry listed elsewhere.
        if version[:1].isdigit():
            out.add((name, version))
        walk(t.get("children", []))
for line in sys.stdin:
    d = json.loads(line)
    if d.get("type") == "tree": walk(d["data"]["trees"])
for n, v in sorted(out): print(f"{n}\t{v}")' > ../yarn.oracle && rm -rf node_modules) || echo "yarn unavailable"
[ -s yarn.oracle ] && compare yarn
