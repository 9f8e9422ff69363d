#!/usr/bin/env bash
# Incremental parse cache on a generated ~1 M-line tree (issue 8 item 8, issue 9 "cache
# integrity"): cold run (empty cache), warm run (nothing changed), a run after an API edit of
# one file (a public function appended), a re-run of that edited tree (rewarm), a run after a
# body edit of the same file (a line added inside a function) and its re-run (rebody), each a
# fresh process like one `accord`
# invocation, interleaved round by round with the same runs of a previous implementation,
# reported as medians; plus the uncached time and a check that the surface is identical with
# and without the cache. The edited file's mtime is set 5 s back, as for an edit made a few
# seconds before the check: the edit run then records its hash and stores the package entry
# (a file modified within 2 s of the run is racily clean and would skip that cost).
#
#   bench/surface/cache.sh [rust|python ...]      (default: rust python)
#   RUNS=5 PREV_REV=5e3d12f BENCH_WORK=/tmp/x bench/surface/cache.sh rust
#   LINES=1000000 FILES=2000 PREV_BIN=/path/to/old/examples/cache bench/surface/cache.sh
#
# PREV_REV builds the `cache` example of that commit (git archive, same target directory, so
# only the workspace crates rebuild); PREV_BIN uses a binary built earlier; neither: no
# comparison. Times are the extraction measured inside the process (`time_ms`); peak memory
# is the process's VmHWM right after the extraction (`peak_mib`, before the surface is hashed;
# printed by the current example only) and the whole process's peak RSS (`rss_kb`, from
# /usr/bin/time, both implementations, including hashing the surface JSON).
source "$(dirname "$0")/common.sh"
langs=${*:-rust python}
lines=${LINES:-1000000}
files=${FILES:-2000}
bin=$repo/target/release/examples/cache
(cd "$repo" && cargo build --release --quiet -p accord-surface --example cache)
prev=${PREV_BIN:-}
if [ -z "$prev" ] && [ -n "${PREV_REV:-}" ]; then
  rm -rf "$work/prev-src" && mkdir -p "$work/prev-src"
  git -C "$repo" archive "$PREV_REV" | tar -x -C "$work/prev-src"
  # Its own target directory (a full build, minutes): cargo hashes workspace members by their
  # path relative to the workspace root, so the old sources built in the same target directory
  # overwrite the current crates' artifacts, which cargo then still takes for fresh.
  (cd "$work/prev-src" && CARGO_TARGET_DIR=$work/prev-target cargo build --release --quiet -p accord-surface --example cache)
  cp "$work/prev-target/release/examples/cache" "$work/cache-prev"
  prev=$work/cache-prev
fi

# gen LANG DIR: a package of $files modules, $lines lines in all, public items with docs,
# generics, impls and methods, so the parser and the summariser both have work to do.
gen() {
  python3 - "$1" "$2" "$files" "$lines" <<'PY'
import os, sys
lang, root, files, lines = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
per = lines // files
def rust_mod(i):
    out, n = [], 0
    while len(out) < per:
        out += [
            f"/// Record {n} of module {i}.",
            "#[derive(Debug, Clone, PartialEq)]",
            f"pub struct Rec{n}<T: Clone> {{",
            "    /// Identifier.",
            "    pub id: u64,",
            "    pub name: String,",
            "    pub items: Vec<T>,",
            "    hidden: Option<std::collections::BTreeMap<String, u32>>,",
            "}",
            f"impl<T: Clone> Rec{n}<T> {{",
            f"    /// Builds a record.",
            f"    pub fn new(id: u64, name: &str) -> Self {{",
            f"        Self {{ id, name: name.to_string(), items: Vec::new(), hidden: None }}",
            "    }",
            f"    pub fn push(&mut self, item: T) -> &mut Self {{ self.items.push(item); self }}",
            f"    fn secret(&self) -> usize {{ self.items.len() + {n} }}",
            "}",
            f"pub fn helper_{n}(a: u32, b: Option<&str>) -> Result<u32, String> {{",
            f"    if let Some(s) = b {{ Ok(a + s.len() as u32) }} else {{ Err(\"none\".into()) }}",
            "}",
            "",
        ]
        n += 1
    return "\n".join(out[:per]) + "\n"
def py_mod(i):
    out, n = [], 0
    while len(out) < per:
        out += [
            f"class Rec{n}:",
            f'    """Record {n} of module {i}."""',
            "",
            "    def __init__(self, ident: int, name: str) -> None:",
            "        self.ident = ident",
            "        self.name = name",
            "",
            f"    def push(self, item: 'Rec{n}', *, strict: bool = False) -> 'Rec{n}':",
            '        """Adds an item."""',
            "        return self",
            "",
            "    def _secret(self) -> int:",
            f"        return {n}",
            "",
            "",
            f"def helper_{n}(a: int, b: str | None = None) -> list[int]:",
            f"    return [a, {n}]",
            "",
            "",
        ]
        n += 1
    return "\n".join(out[:per]) + "\n"
if lang == "rust":
    os.makedirs(f"{root}/src", exist_ok=True)
    open(f"{root}/Cargo.toml", "w").write('[package]\nname = "big"\nversion = "1.0.0"\n')
    open(f"{root}/src/lib.rs", "w").write("".join(f"pub mod m{i:05};\n" for i in range(files)))
    for i in range(files):
        open(f"{root}/src/m{i:05}.rs", "w").write(rust_mod(i))
else:
    os.makedirs(f"{root}/src/big", exist_ok=True)
    open(f"{root}/pyproject.toml", "w").write('[project]\nname = "big"\nversion = "1.0.0"\n')
    open(f"{root}/src/big/__init__.py", "w").write('"""Big."""\n')
    for i in range(files):
        open(f"{root}/src/big/m{i:05}.py", "w").write(py_mod(i))
PY
}

# field NAME LINE: the value of NAME=... in an output line of the example.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for lang in $langs; do
  tree=$work/cache-$lang-tree
  cache=$work/cache-$lang-cache
  pcache=$work/cache-$lang-prev-cache
  rm -rf "$tree" "$cache" "$pcache"
  gen "$lang" "$tree"
  n=$(find "$tree" -name '*.rs' -o -name '*.py' | wc -l)
  l=$(find "$tree" \( -name '*.rs' -o -name '*.py' \) -exec cat {} + | wc -l)
  mb=$(du -sm "$tree" | cut -f1)
  echo "== $lang: $n files, $l lines, ${mb} MB ($tree), $runs interleaved rounds"
  mid=$(find "$tree" -name "m$(printf %05d $((files / 2))).*")
  log=$work/cache-$lang.log
  : >"$log"
  # one LABEL BIN CACHE: one run, its output line appended to the log under LABEL.
  one() {
    local out
    out=$(/usr/bin/time -f "rss_kb=%M" "$2" "$tree" "$lang" "$3" 2>&1 | tr '\n' ' ')
    echo "$1 $out" >>"$log"
    echo "    $1: $out"
  }
  for r in $(seq "$runs"); do
    echo "  round $r"
    one uncached "$bin" -
    rm -rf "$cache"; one cold "$bin" "$cache"
    [ -n "$prev" ] && { rm -rf "$pcache"; one prev-cold "$prev" "$pcache"; }
    one warm "$bin" "$cache"
    [ -n "$prev" ] && one prev-warm "$prev" "$pcache"
    # Edit one file (a new public function in a module in the middle of the tree); both
    # implementations then re-check the same edited tree.
    if [ "$lang" = rust ]; then echo "pub fn edited_probe_$r() -> u8 { 1 }" >>"$mid"; else printf '\n\ndef edited_probe_%s() -> int:\n    return 1\n' "$r" >>"$mid"; fi
    touch -d '-5 seconds' "$mid"
    one edit "$bin" "$cache"
    grep -q ' parsed=1 ' <<<"$(tail -1 "$log")" || echo "  !! expected parsed=1"
    [ -n "$prev" ] && one prev-edit "$prev" "$pcache"
    one rewarm "$bin" "$cache"
    [ -n "$prev" ] && one prev-rewarm "$prev" "$pcache"
    # The commonest edit: a function body gains a line (everything below it moves down), the
    # API stays. The package entry is brought up to date without a resolution (moved_only).
    if [ "$lang" = rust ]; then
      sed -i '0,/Ok(a + s.len() as u32)/s//Ok(a\n            + s.len() as u32)/' "$mid"
    else
      sed -i '0,/^        self.name = name$/s//        self.name = name\n        self.size = 0/' "$mid"
    fi
    touch -d '-5 seconds' "$mid"
    one body "$bin" "$cache"
    grep -q ' parsed=1 ' <<<"$(tail -1 "$log")" || echo "  !! expected parsed=1"
    [ -n "$prev" ] && one prev-body "$prev" "$pcache"
    one rebody "$bin" "$cache"
    [ -n "$prev" ] && one prev-rebody "$prev" "$pcache"
  done
  # stat LABEL KEY: median of KEY over the runs labelled LABEL.
  stat() { grep "^$1 " "$log" | while read -r line; do field "$2" "$line"; done | median; }
  printf '  %-10s %10s %10s %12s %10s %14s\n' run "median ms" "peak MiB" "process MiB" "prev ms" "prev proc MiB"
  for k in uncached cold warm edit rewarm body rebody; do
    t=$(stat "$k" time_ms); m=$(stat "$k" peak_mib); rss=$(( $(stat "$k" rss_kb) / 1024 )); p=- pr=-
    if [ -n "$prev" ] && [ "$k" != uncached ]; then p=$(stat "prev-$k" time_ms); pr=$(( $(stat "prev-$k" rss_kb) / 1024 )); fi
    printf '  %-10s %10s %10s %12s %10s %14s\n' "$k" "$t" "$m" "$rss" "$p" "$pr"
    eval "ms_$k=$t; prev_$k=$p"
  done
  echo "  faster than cold: warm $(ratio "$ms_cold" "$ms_warm")x, edit $(ratio "$ms_cold" "$ms_edit")x, rewarm $(ratio "$ms_cold" "$ms_rewarm")x, body $(ratio "$ms_cold" "$ms_body")x"
  [ -n "$prev" ] && echo "  vs previous: warm $(ratio "$prev_warm" "$ms_warm")x, edit $(ratio "$prev_edit" "$ms_edit")x, rewarm $(ratio "$prev_rewarm" "$ms_rewarm")x, body $(ratio "$prev_body" "$ms_body")x, cold $(ratio "$prev_cold" "$ms_cold")x"
  last_edit=$(grep '^rebody ' "$log" | tail -1)
  fresh=$("$bin" "$tree" "$lang" -)
  s1=$(field surface_sha256 "$(grep '^uncached ' "$log" | head -1)"); s2=$(field surface_sha256 "$(grep '^warm ' "$log" | head -1)")
  s3=$(field surface_sha256 "$last_edit"); s4=$(field surface_sha256 "$fresh")
  [ "$s1" = "$s2" ] && echo "  surface identical with and without cache: yes" || echo "  surface identical with and without cache: NO ($s1 vs $s2)"
  [ "$s3" = "$s4" ] && echo "  after the edits, cached == uncached surface: yes" || echo "  after the edits, cached == uncached surface: NO ($s3 vs $s4)"
  echo "  stat-clean files on warm runs: $(stat warm stat_clean) of $n; package entry served whole on warm runs: $(grep '^warm ' "$log" | grep -c ' whole_packages=1 ') of $runs"
  served() { grep "^$1 " "$log" | grep -c ' moved_only=1 '; }
  echo "  package entry brought up to date (moved_only=1, nothing resolved): edit $(served edit), rewarm $(served rewarm), body $(served body), rebody $(served rebody) of $runs each"
  echo "  cache size: $(du -sm "$cache" | cut -f1) MB, $(find "$cache" -path "$cache/??/*" -type f | wc -l) file entries ($(du -cm "$cache"/?? | tail -1 | cut -f1) MB), $(find "$cache/package" -type f 2>/dev/null | wc -l) package entry ($( (du -sm "$cache/package" 2>/dev/null || echo 0) | cut -f1) MB)"
done
