#!/usr/bin/env bash
# Incremental parse cache on a generated ~1 M-line tree (issue 4, performance): cold run
# (empty cache), warm run (nothing changed), and a run after editing one file, each a fresh
# process like one `accord` invocation; plus the uncached time and a check that the surface is
# identical with and without the cache.
#
#   bench/surface/cache.sh [rust|python ...]      (default: rust python)
#   LINES=1000000 FILES=2000 RUNS=3 BENCH_WORK=/tmp/x bench/surface/cache.sh
source "$(dirname "$0")/common.sh"
langs=${*:-rust python}
lines=${LINES:-1000000}
files=${FILES:-2000}
bin=$repo/target/release/examples/cache
(cd "$repo" && cargo build --release --quiet -p accord-surface --example cache)

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

for lang in $langs; do
  tree=$work/cache-$lang-tree
  cache=$work/cache-$lang-cache
  rm -rf "$tree" "$cache"
  gen "$lang" "$tree"
  n=$(find "$tree" -name '*.rs' -o -name '*.py' | wc -l)
  l=$(find "$tree" \( -name '*.rs' -o -name '*.py' \) -exec cat {} + | wc -l)
  mb=$(du -sm "$tree" | cut -f1)
  echo "== $lang: $n files, $l lines, ${mb} MB ($tree)"
  run() { # LABEL CACHE
    local best= line= l
    for _ in $(seq "$runs"); do
      [ "$1" = cold ] && rm -rf "$cache"
      l=$("$bin" "$tree" "$lang" "$2")
      ms=$(sed 's/.*time_ms=\([0-9]*\).*/\1/' <<<"$l")
      if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; line=$l; fi
    done
    printf '  %-22s best %6s ms of %s   %s\n' "$1" "$best" "$runs" "$line"
    eval "ms_$1=$best; out_$1=\"\$line\""
  }
  run uncached -
  run cold "$cache"
  run warm "$cache"
  # Edit one file (a new public function in a module in the middle of the tree), then run:
  # that run parses the edited file. A fresh edit before each of the $runs runs.
  mid=$(find "$tree" -name "m$(printf %05d $((files / 2))).*")
  best=
  for i in $(seq "$runs"); do
    if [ "$lang" = rust ]; then echo "pub fn edited_probe_$i() -> u8 { 1 }" >>"$mid"; else printf '\n\ndef edited_probe_%s() -> int:\n    return 1\n' "$i" >>"$mid"; fi
    l=$("$bin" "$tree" "$lang" "$cache")
    grep -q ' parsed=1 ' <<<"$l" || echo "  !! expected parsed=1: $l"
    ms=$(sed 's/.*time_ms=\([0-9]*\).*/\1/' <<<"$l")
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; line=$l; fi
  done
  printf '  %-22s best %6s ms of %s   %s\n' "edit 1 file" "$best" "$runs" "$line"
  ms_edit=$best
  line=$l
  edited=$("$bin" "$tree" "$lang" -)
  s1=${out_uncached##*surface_sha256=}; s2=${out_warm##*surface_sha256=}
  s3=${line##*surface_sha256=}; s4=${edited##*surface_sha256=}
  [ "$s1" = "$s2" ] && echo "  surface identical with and without cache: yes" || echo "  surface identical with and without cache: NO ($s1 vs $s2)"
  [ "$s3" = "$s4" ] && echo "  after edit, cached == uncached surface: yes" || echo "  after edit, cached == uncached surface: NO ($s3 vs $s4)"
  echo "  cache size: $(du -sm "$cache" | cut -f1) MB, $(find "$cache" -name '*.json' | wc -l) entries"
  echo "  speed-up over uncached: warm $(ratio "$ms_uncached" "$ms_warm")x, after a 1-file edit $(ratio "$ms_uncached" "$ms_edit")x"
done
