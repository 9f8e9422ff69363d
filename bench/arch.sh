#!/usr/bin/env bash
# Cost of the architecture pass (pack boundaries, graph, usages; issue 14) and of
# SecuritySentry's tree pass (secrets, capabilities, prompt flows, outputs, file names) on a generated
# ~1 M-line tree of $PACKS Rust packs, each a crate with a code contract and committed surface.
# Every tenth file of each pack imports the previous pack's crate (allowed by `allow_imports`,
# so the tree is clean and every import is resolved, recorded and scanned for references).
# Times, interleaved round by round, medians of $RUNS:
#   check = `accord check` (registry, conformance, surface drift with a warm parse cache, arch)
#   graph = `accord graph --format json` (registry load + the arch pass alone)
# The arch pass's share of `check` is graph / (check - graph): `accord check` has no switch to
# skip it, so the registry load (tiny here) is counted in the arch pass (an upper bound).
#
#   bench/arch.sh                       LINES=1000000 PACKS=20 RUNS=5 BENCH_WORK=/tmp/arch-bench
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
    deps = f'p{p-1:02} = {{ path = "../p{p-1:02}" }}\n' if p else ""
    open(os.path.join(d, "Cargo.toml"), "w").write(f'[package]\nname = "{name}"\nversion = "1.0.0"\n\n[dependencies]\n{deps}')
    mods = []
    for f in range(files_per_pack):
        body = []
        if p and f % 10 == 0:
            body.append(f"use p{p-1:02}::m0::f0_0;\n")
        n = 0
        while len(body) * 5 < per_file:  # each function is 5 lines
            body.append(f"/// Doc of f{f}_{n}.\npub fn f{f}_{n}(a: u32, b: &str) -> u32 {{\n    let x = a + b.len() as u32;\n    x * {n}\n}}\n")
            n += 1
        if p and f % 10 == 0:
            body.append(f"pub fn uses{f}() -> u32 {{ f0_0(1, \"x\") }}\n")
        if f % 10 == 5:
            # SecuritySentry: a declared capability (env) and a sanitized prompt flow, so one
            # file in ten is parsed for capabilities and flows.
            body.append(f"pub fn ask{f}(ask_model: fn(&str) -> u32) -> u32 {{\n    let body = std::env::var(\"INBOX\").unwrap_or_default();\n    ask_model(&quote_untrusted(&body))\n}}\nfn quote_untrusted(s: &str) -> String {{\n    format!(\"<untrusted>{{s}}</untrusted>\")\n}}\n")
        open(os.path.join(d, "src", f"m{f}.rs"), "w").write("".join(body))
        mods.append(f"pub mod m{f};\n")
    open(os.path.join(d, "src", "lib.rs"), "w").write("".join(mods))
    allow = f'allow_imports = ["p{p-1:02}"]\n' if p else ""
    toml.append(f'[packs.{name}]\npaths = ["packs/{name}/**"]\n{allow}\n[packs.{name}.code]\nlanguage = "rust"\nroot = "packs/{name}"\n\n[packs.{name}.security]\ncapabilities = ["env"]\nuntrusted_inputs = ["var"]\nprompt_sinks = ["ask_model"]\nsanitizers = ["quote_untrusted"]\n')
toml.append('[contracts]\ndir = "contracts"\n')
open(os.path.join(root, "accord.toml"), "w").write("\n".join(toml))
os.makedirs(os.path.join(root, "contracts"), exist_ok=True)
PY
cd "$work/tree"
wc -l packs/*/src/*.rs | tail -1
export ACCORD_CACHE_DIR=$work/cache
"$bin" surface snapshot >/dev/null
"$bin" check --format json >/dev/null || { echo "bench tree is not clean" >&2; "$bin" check | tail -20; exit 1; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
check=(); graph=()
for _ in $(seq "$runs"); do
  check+=("$(ms "$bin" check --format json)")
  graph+=("$(ms "$bin" graph --format json)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
c=$(median "${check[@]}"); g=$(median "${graph[@]}")
echo "check ms: ${check[*]} (median $c)"
echo "graph ms: ${graph[*]} (median $g)"
awk -v c="$c" -v g="$g" 'BEGIN { printf "arch pass share of check: %.1f %% of the rest\n", 100 * g / (c - g) }'
# SecuritySentry has no command of its own: the arch pass, the security pass and the whole
# check are timed in one process, interleaved (crates/engine/examples/security_pass.rs).
(cd "$repo" && cargo run --release --quiet -p accord-engine --example security_pass -- "$work/tree" "$runs")
"$bin" graph --format json | python3 -c 'import json,sys; g=json.load(sys.stdin); print("edges", len(g["edges"]), "sites", sum(len(e["sites"]) for e in g["edges"]))'
