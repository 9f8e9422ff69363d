#!/usr/bin/env bash
# The HTML report in a real browser: renders the bundled example's denied change (and the
# broken example's tree check) with `--format html`, opens both in headless Chromium through
# playwright-core, and fails on console errors, network requests, a missing decision or
# findings, or a class filter that does not hide and show findings. Screenshots are written
# under target/html-test/ and their paths printed.
#
# Installs what it needs when missing: Debian's chromium (apt-get, as root, as in CI) and the
# pinned playwright-core of scripts/html-test/package-lock.json (npm ci into a cache dir,
# $ACCORD_HTML_TEST_CACHE, default target/html-test/node). Playwright's own browser download
# is never used.
#
#   scripts/html-test.sh [path/to/accord]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out_dir=$repo/target/html-test
cache=${ACCORD_HTML_TEST_CACHE:-$out_dir/node}
mkdir -p "$out_dir" "$cache"

accord=${1:-}
if [ -z "$accord" ]; then
  echo "html-test: building accord (debug)…"
  cargo build --locked -p accord-cli
  accord=$repo/target/debug/accord
fi
accord=$(cd "$(dirname "$accord")" && pwd)/$(basename "$accord")

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "html-test: $chromium is missing; install Debian's chromium package (needs root)" >&2
    exit 2
  fi
  echo "html-test: installing chromium (apt-get)…"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
for tool in node npm git python3; do
  command -v "$tool" >/dev/null || { echo "html-test: $tool is required" >&2; exit 2; }
done

# npm ci again only when the lock changed since the last install.
if ! cmp -s scripts/html-test/package-lock.json "$cache/package-lock.json" \
  || [ ! -d "$cache/node_modules/playwright-core" ]; then
  echo "html-test: installing playwright-core (npm ci)…"
  cp scripts/html-test/package.json scripts/html-test/package-lock.json "$cache/"
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
cp scripts/html-test/test.mjs "$cache/test.mjs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The denied change of examples/expansion-packs/demo.sh (break-contract.sh): MMOS drops a
# required section and calls it a MINOR release.
repo_copy=$work/repo
cp -r examples/expansion-packs/. "$repo_copy/"
rm -rf "$repo_copy/.accord" "$repo_copy/decisions"
(
  cd "$repo_copy"
  git init -q -b main && git add -A
  git -c user.name=html-test -c user.email=html-test@example.invalid commit -qm baseline
  "$repo/examples/expansion-packs/break-contract.sh"
)
set +e
(cd "$repo_copy" && "$accord" check --base main --format html) > "$out_dir/report-deny.html"
deny_status=$?
"$accord" check examples/expansion-packs-broken --format html > "$out_dir/report-check.html"
check_status=$?
set -e
if [ "$deny_status" -ne 1 ] || [ "$check_status" -ne 1 ]; then
  echo "html-test: expected exit code 1 (DENY, findings), got $deny_status and $check_status" >&2
  exit 1
fi

CHROMIUM=$chromium timeout 120 node "$cache/test.mjs" \
  "$out_dir/report-deny.html" "$out_dir/report-check.html" "$out_dir"
echo "html-test: reports in $out_dir/report-deny.html and $out_dir/report-check.html"
