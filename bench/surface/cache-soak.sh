#!/usr/bin/env bash
# Random edits on real packages, each re-checked with the surface cache and without it: the
# surfaces must be identical (issue 8 item 8: a package entry brought up to date by
# `crates/surface/src/moved.rs` must be exactly what a full extraction gives). Edits: a
# comment line inserted anywhere (only moves code, or changes a docstring or a string), a
# public function appended or prepended, the first public function renamed, made private or
# given a parameter, a struct/class appended. Prints, per package, how many re-checks were
# brought up to date (moved_only) and any mismatch; exits 1 on a mismatch.
#
#   bench/surface/cache-soak.sh rust DIR... | python DIR...
#   EDITS=20 SEED=7 bench/surface/cache-soak.sh rust /tmp/accord-corpus/rust/syn-2.0.100
#
# Each DIR is copied to $BENCH_WORK first; it is never edited in place.
source "$(dirname "$0")/common.sh"
lang=${1:?rust or python}; shift
bin=$repo/target/release/examples/cache
(cd "$repo" && cargo build --release --quiet -p accord-surface --example cache)
failed=0
for src in "$@"; do
  name=$(basename "$src")
  tree=$work/soak-$name
  cache=$work/soak-$name-cache
  rm -rf "$tree" "$cache" && cp -r "$src" "$tree"
  python3 - "$lang" "$tree" "$cache" "$bin" "${EDITS:-12}" "${SEED:-1}" <<'PY' || failed=1
import os, random, re, subprocess, sys, time
lang, tree, cache, binary, edits, seed = sys.argv[1:7]
edits, rnd = int(edits), random.Random(int(seed))
ext = ".rs" if lang == "rust" else ".py"
comment = "// soak\n" if lang == "rust" else "# soak\n"
files = sorted(
    os.path.join(d, f)
    for d, _, fs in os.walk(tree)
    for f in fs
    if f.endswith(ext) and "/tests/" not in os.path.join(d, f) and "/target/" not in d
)
def age(path, seconds):
    t = time.time() - seconds
    os.utime(path, (t, t))
for d, _, fs in os.walk(tree):
    for f in fs:
        age(os.path.join(d, f), 3600)
def run(c):
    out = subprocess.run([binary, tree, lang, c], capture_output=True, text=True).stdout
    return dict(kv.split("=", 1) for kv in out.split() if "=" in kv)
run(cache)
first = run(cache)
if first.get("whole_packages") != "1":
    print(f"  {os.path.basename(tree)}: no package entry ({first})"); sys.exit(0)
fn = r"pub fn " if lang == "rust" else r"\ndef "
def mutate(text):
    lines = text.splitlines(keepends=True)
    kind = rnd.randrange(7)
    if kind == 0:
        i = rnd.randrange(len(lines) + 1)
        return "comment", "".join(lines[:i]) + comment + "".join(lines[i:])
    if kind == 1:
        add = "\npub fn soak_probe() -> u8 { 1 }\n" if lang == "rust" else "\n\ndef soak_probe(x: int) -> int:\n    return x\n"
        return "append fn", text + add
    if kind == 2:
        add = "pub const SOAK_PROBE: u32 = 1;\n" if lang == "rust" else "SOAK_PROBE: int = 1\n"
        return "prepend const", add + text
    m = re.search(fn, text)
    if kind == 3 and m:
        return "rename fn", text[: m.end()] + "soak_" + text[m.end():]
    if kind == 4 and m:
        private = "fn " if lang == "rust" else "\ndef _"
        return "make private", text[: m.start()] + private + text[m.end():]
    if kind == 5 and m:
        p = text.find("(", m.end())
        if p > 0:
            return "add param", text[: p + 1] + ("soak: u8, " if lang == "rust" else "soak, ") + text[p + 1:]
    add = "\npub struct SoakProbe { pub x: u8 }\n" if lang == "rust" else "\n\nclass SoakProbe:\n    def run(self) -> None:\n        pass\n"
    return "append type", text + add
patched = mismatches = 0
for n in range(edits):
    path = rnd.choice(files)
    original = open(path, encoding="utf-8", errors="surrogateescape").read()
    kind, text = mutate(original)
    open(path, "w", encoding="utf-8", errors="surrogateescape").write(text)
    age(path, 5)
    cached, fresh = run(cache), run("-")
    again = run(cache)
    patched += again.get("moved_only", "0") != "0"
    same = cached.get("surface_sha256") == fresh.get("surface_sha256") == again.get("surface_sha256")
    if not same:
        mismatches += 1
        print(f"  MISMATCH {os.path.relpath(path, tree)} ({kind}): cached {cached.get('surface_sha256')} uncached {fresh.get('surface_sha256')} again {again.get('surface_sha256')}")
    open(path, "w", encoding="utf-8", errors="surrogateescape").write(original)
    age(path, 5)
print(f"  {os.path.basename(tree)}: {edits} edits, {patched} brought up to date, {mismatches} mismatches")
sys.exit(1 if mismatches else 0)
PY
done
exit $failed
