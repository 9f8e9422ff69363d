#!/usr/bin/env bash
# Cost of TestSmith (issue 14 §5) next to the architecture pass, on the generated ~1 M-line
# tree of bench/arch.sh ($PACKS Rust packs of 100 modules, every tenth importing the previous
# pack), to which each pack adds tests: 10 integration test files under `tests/` (declared in
# the pack's `tests` globs), each importing 10 modules and calling every function of them
# through the module (`m3::f3_0(1, "x")`), and a `#[cfg(test)]` unit-test module in every
# tenth source file. Every stable export is tested, so the tree is clean.
# Times, interleaved round by round, medians of $RUNS:
#   check = `accord check` (everything: registry, surface drift with a warm parse cache,
#           arch pass, TestSmith)
#   graph = `accord graph --format json` (manifest + registry load + the arch pass alone)
#   tests = `accord tests --format json` (manifest load + TestSmith alone)
# Shares of the rest of `check`: graph / (check - graph - tests), tests / (same); the load of
# the manifest and registry is counted in both passes (an upper bound).
#
#   bench/testsmith.sh                  LINES=1000000 PACKS=20 RUNS=5 BENCH_WORK=/tmp/ts-bench
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
lines=${LINES:-1000000}
packs=${PACKS:-20}
runs=${RUNS:-5}
work=${BENCH_WORK:-$(mktemp -d)}
bin=${ACCORD:-$repo/target/release/accord}
[ -x "$bin" ] || (cd "$repo" && cargo build --release --quiet -p accord-cli)
rm -rf "$work/tree" && mkdir -p "$work/tree"
python3 - "$work/tree" "$lines" "$packs" <<'PY'
import os, sys
root, lines, packs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
files_per_pack = 100
per_file = max(10, lines // (packs * files_per_pack))
toml = ['[project]\nname = "bench"\n']
for p in range(packs):
    name = f"p{p:02}"
    d = os.path.join(root, "packs", name)
    os.makedirs(os.path.join(d, "src"), exist_ok=True)
    os.makedirs(os.path.join(d, "tests"), exist_ok=True)
    deps = f'p{p-1:02} = {{ path = "../p{p-1:02}" }}\n' if p else ""
    open(os.path.join(d, "Cargo.toml"), "w").write(f'[package]\nname = "{name}"\nversion = "1.0.0"\n\n[dependencies]\n{deps}')
    mods, fns = [], {}
    for f in range(files_per_pack):
        body = []
        if p and f % 10 == 0:
            body.append(f"use p{p-1:02}::m0::f0_0;\n")
        n = 0
        while len(body) * 5 < per_file:  # each function is 5 lines
            body.append(f"/// Doc of f{f}_{n}.\npub fn f{f}_{n}(a: u32, b: &str) -> u32 {{\n    let x = a + b.len() as u32;\n    x * {n}\n}}\n")
            n += 1
        fns[f] = n
        if p and f % 10 == 0:
            body.append(f"pub fn uses{f}() -> u32 {{ f0_0(1, \"x\") }}\n")
        if f % 10 == 5:
            body.append(f"#[cfg(test)]\nmod tests {{\n    use super::*;\n\n    #[test]\n    fn first() {{\n        assert_eq!(f{f}_0(1, \"x\"), 0);\n    }}\n}}\n")
        open(os.path.join(d, "src", f"m{f}.rs"), "w").write("".join(body))
        mods.append(f"pub mod m{f};\n")
    open(os.path.join(d, "src", "lib.rs"), "w").write("".join(mods))
    for t in range(10):
        body = [f"use {name}::m{m};\n" for m in range(t * 10, t * 10 + 10)]
        for m in range(t * 10, t * 10 + 10):
            calls = "".join(f"    assert_eq!(m{m}::f{m}_{n}(1, \"x\"), 2 * {n});\n" for n in range(fns[m]))
            extra = f"    assert_eq!(m{m}::uses{m}(), 0);\n" if p and m % 10 == 0 else ""
            body.append(f"\n#[test]\nfn module_{m}() {{\n{calls}{extra}}}\n")
        open(os.path.join(d, "tests", f"t{t}.rs"), "w").write("".join(body))
    allow = f'allow_imports = ["p{p-1:02}"]\n' if p else ""
    toml.append(f'[packs.{name}]\npaths = ["packs/{name}/**"]\ntests = ["packs/{name}/tests/**"]\n{allow}\n[packs.{name}.code]\nlanguage = "rust"\nroot = "packs/{name}"\n')
toml.append('[contracts]\ndir = "contracts"\n')
open(os.path.join(root, "accord.toml"), "w").write("\n".join(toml))
os.makedirs(os.path.join(root, "contracts"), exist_ok=True)
PY
cd "$work/tree"
echo "source lines: $(cat packs/*/src/*.rs | wc -l), test lines: $(cat packs/*/tests/*.rs | wc -l)"
export ACCORD_CACHE_DIR=$work/cache
"$bin" surface snapshot >/dev/null
"$bin" check --format json >/dev/null || { echo "bench tree is not clean" >&2; "$bin" check | tail -20; exit 1; }
"$bin" tests | head -3
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
check=(); graph=(); tests=()
for _ in $(seq "$runs"); do
  check+=("$(ms "$bin" check --format json)")
  graph+=("$(ms "$bin" graph --format json)")
  tests+=("$(ms "$bin" tests --format json)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
c=$(median "${check[@]}"); g=$(median "${graph[@]}"); t=$(median "${tests[@]}")
echo "check ms: ${check[*]} (median $c)"
echo "graph ms: ${graph[*]} (median $g)"
echo "tests ms: ${tests[*]} (median $t)"
awk -v c="$c" -v g="$g" -v t="$t" 'BEGIN { r = c - g - t; printf "arch pass: %.1f %%, TestSmith: %.1f %%, together: %.1f %% of the rest of check\n", 100 * g / r, 100 * t / r, 100 * (g + t) / r }'
"$bin" tests --format json | python3 -c 'import json,sys; r=json.load(sys.stdin); print("test refs", sum(len(p["test_refs"]) for p in r["packs"]), "test files", sum(p["test_files"] for p in r["packs"]), "findings", len(r["findings"]))'
