#!/usr/bin/env bash
# Python: `accord diff OLD NEW --lang python` vs `griffe check` on two sdists from PyPI.
#
#   bench/surface/python.sh [PACKAGE MODULE OLD NEW]      (default: httpx httpx 0.27.2 0.28.1)
source "$(dirname "$0")/common.sh"
pkg=${1:-httpx}; module=${2:-httpx}; old=${3:-0.27.2}; new=${4:-0.28.1}
need_accord

fetch() { # fetch VERSION -> prints the unpacked sdist dir
  local v=$1; local d=$work/py-$pkg-$v
  rm -rf "$d" && mkdir -p "$d"
  pip download --quiet --no-deps --no-binary :all: "$pkg==$v" -d "$d" >/dev/null 2>&1
  (cd "$d" && tar xzf ./*.tar.gz && rm ./*.tar.gz)
  ls -d "$d"/*/ | head -1 | sed 's:/$::'
}
o=$(fetch "$old"); n=$(fetch "$new")
files=$(find "$n" -name '*.py' -path "*$module*" | wc -l); lines=$(find "$n" -name '*.py' -path "*$module*" -exec cat {} + | wc -l)
echo "== Python: $pkg $old → $new ($files files, $lines lines)"

best_of accord-python "$accord" diff "$o" "$n" --lang python --format json
a=$best
echo "  accord findings: $(grep -o '"rule": *"[a-z-]*"' "$work/accord-python.out" | sort | uniq -c | sort -rn | tr -s ' ' | paste -sd, -)"

if command -v griffe >/dev/null; then
  # griffe compares git revisions: one repository, old and new committed as two tags.
  g=$work/griffe-$pkg && rm -rf "$g" && mkdir -p "$g"
  (cd "$g" && git init -q && cp -r "$o"/. . && git add -A && git -c user.name=b -c user.email=b@b.invalid commit -qm old && git tag old \
    && git rm -rq . && cp -r "$n"/. . && git add -A && git -c user.name=b -c user.email=b@b.invalid commit -qm new && git tag new)
  srcdir=.; [ -d "$g/src/$module" ] && srcdir=src
  best_of griffe-check bash -c "cd '$g' && griffe check '$module' -s '$srcdir' --against old --base-ref new"
  r=$best
  echo "  griffe breakages reported: $(grep -c . "$work/griffe-check.out" || true) lines"
  echo "  ratio griffe/accord: $(ratio "$r" "$a")×"
else
  echo "  griffe not installed (pip install griffe)"
fi
