#!/usr/bin/env bash
# Benchmark of Accord's migration linter and schema replay.
#
#   bench/sql/run.sh            # from the repository root
#
# 1. Generates 10 000 PostgreSQL statements in 500 realistic migration files
#    (gen_migrations.py: CREATE TABLE, ADD COLUMN, CREATE INDEX [CONCURRENTLY], DROP COLUMN,
#    UPDATE/INSERT/DELETE, type changes, SET NOT NULL, foreign keys, renames, DROP INDEX).
# 2. Lints the same files with `accord migrate lint --dialect postgres` and with squawk
#    (PyPI `squawk-cli`, installed with pip under the work dir when missing), side by side
#    with hyperfine (apt-get install hyperfine when missing; repeated `date` timing
#    otherwise), and prints the time ratio, the peak RSS ratio (/usr/bin/time -v) and how
#    often both flag the same files.
# 3. Times the schema replay of 1 000 migrations: `accord schema --json` on a generated
#    repository (accord.toml with `[database] dialect = "postgres"`).
#
# Environment: ACCORD (binary, default target/release/accord, built when missing), SQUAWK,
# STATEMENTS (10000), PER_FILE (20), REPLAY_FILES (1000), RUNS (10), WORK (temp dir).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ACCORD=${ACCORD:-$ROOT/target/release/accord}
STATEMENTS=${STATEMENTS:-10000}
PER_FILE=${PER_FILE:-20}
REPLAY_FILES=${REPLAY_FILES:-1000}
RUNS=${RUNS:-10}
WORK=${WORK:-$(mktemp -d)}

if [ ! -x "$ACCORD" ]; then
    (cd "$ROOT" && cargo build --release -p accord-cli)
fi
# squawk: $SQUAWK, else the one on PATH (a pyenv shim resolved to its binary, so a bash
# wrapper is not timed), else PyPI `squawk-cli` installed under $WORK (never the repository).
if [ -z "${SQUAWK:-}" ]; then
    if command -v squawk >/dev/null; then
        SQUAWK=$(command -v pyenv >/dev/null && pyenv which squawk 2>/dev/null || command -v squawk)
    else
        python3 -m pip install --quiet --prefix "$WORK/squawk" squawk-cli
        SQUAWK=$(ls "$WORK"/squawk/bin/squawk)
    fi
fi
if ! command -v hyperfine >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null 2>&1 || true
    fi
fi

echo "accord: $("$ACCORD" --version)   squawk: $("$SQUAWK" --version)   cores: $(nproc)"

LINT=$WORK/lint
rm -rf "$LINT"
python3 "$ROOT/bench/sql/gen_migrations.py" "$LINT" --statements "$STATEMENTS" --per-file "$PER_FILE"
cd "$LINT"

# Sanity: both linters really read the files and report problems in them.
# (Both exit non-zero when they find problems, hence `|| true`.)
"$ACCORD" migrate lint --dialect postgres --format json ./*.sql >"$WORK/accord.json" || true
"$SQUAWK" --reporter json ./*.sql >"$WORK/squawk.json" 2>/dev/null || true
# Agreement on the same files: does each linter flag the file at all? Accord's informational
# findings and squawk's rerun/statement-timeout advice are left out (as in
# bench/accuracy/score_sql.py, which scores both against hand labels).
python3 - "$WORK/accord.json" "$WORK/squawk.json" <<'EOF'
import collections, json, os, sys
a = json.load(open(sys.argv[1]))["findings"]
s = json.load(open(sys.argv[2]))
info = {"migration-table-created", "migration-nullable-column-added", "migration-naming"}
skip = {"prefer-robust-stmts", "require-statement-timeout"}
af = collections.defaultdict(set)
for f in a:
    if f["rule"] not in info:
        af[os.path.basename(f["location"]["path"])].add(f["rule"])
sf = collections.defaultdict(set)
for f in s:
    if f["rule_name"] not in skip:
        sf[os.path.basename(f["file"])].add(f["rule_name"])
files = sorted(x for x in os.listdir(".") if x.endswith(".sql"))
same = sum(1 for x in files if bool(af[x]) == bool(sf[x]))
print(f"findings: accord {len(a)}, squawk {len(s)}")
print(f"files flagged: accord {sum(1 for x in files if af[x])}, squawk {sum(1 for x in files if sf[x])} of {len(files)}; "
      f"same verdict on {same}/{len(files)} files ({100 * same / len(files):.1f}%)")

# Per statement: a finding belongs to the statement its position falls in (the generated
# files hold no `;` inside literals). Squawk counts lines and columns from 0, Accord from 1;
# squawk's file-level timeout findings at 0:0 name no statement and are left out.
def stmt_of(text, line, col):
    lines = text.split("\n")
    off = sum(len(l) + 1 for l in lines[:line]) + col
    return text[:off].count(";")
flag_a, flag_s, total = set(), set(), 0
for x in files:
    text = open(x).read()
    total += text.count(";")
    for f in a:
        if f["rule"] not in info and os.path.basename(f["location"]["path"]) == x:
            flag_a.add((x, stmt_of(text, f["location"]["line"] - 1, max(f["location"]["column"] - 1, 0))))
    for f in s:
        if f["rule_name"] not in skip | {"require-lock-timeout"} and os.path.basename(f["file"]) == x:
            flag_s.add((x, stmt_of(text, f["line"], f["column"])))
both = len(flag_a & flag_s)
agree = total - len(flag_a ^ flag_s)
print(f"statements flagged: accord {len(flag_a)}, squawk {len(flag_s)}, both {both} of {total}; "
      f"same verdict on {agree}/{total} statements ({100 * agree / total:.1f}%)")
EOF

# The file list is spelled out (no shell glob) so hyperfine can run without a shell (-N).
FILES=$(ls -- *.sql | tr '\n' ' ')
ACCORD_CMD="$ACCORD migrate lint --dialect postgres $FILES"
SQUAWK_CMD="$SQUAWK $FILES"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
time_ms() { # COMMAND... -> median wall time in ms over $RUNS runs
    local i s e
    for i in $(seq "$RUNS"); do
        s=$(date +%s%N); bash -c "$*" >/dev/null 2>&1 || true; e=$(date +%s%N)
        echo $(((e - s) / 1000000))
    done | median
}

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "$RUNS" -i -N --export-json "$WORK/lint.json" \
        -n accord "$ACCORD_CMD" -n squawk "$SQUAWK_CMD" 2>/dev/null \
        || hyperfine --warmup 2 --runs "$RUNS" -i --export-json "$WORK/lint.json" \
            -n accord "$ACCORD_CMD" -n squawk "$SQUAWK_CMD"
    python3 - "$WORK/lint.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, s = r["accord"], r["squawk"]
print(f"lint {sys.argv[1]}: accord median {a['median']*1000:.1f} ms, squawk median {s['median']*1000:.1f} ms, "
      f"squawk/accord = {s['median']/a['median']:.2f}x")
EOF
else
    A=$(time_ms "$ACCORD_CMD"); S=$(time_ms "$SQUAWK_CMD")
    echo "lint: accord median ${A} ms, squawk median ${S} ms, squawk/accord = $(python3 -c "print(f'{$S/$A:.2f}')")x"
fi

# Peak memory (max RSS, /usr/bin/time -v), median of 3 runs each, interleaved.
peak_kb() { { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident/ {print $2}'; }
A_RSS=""; S_RSS=""
for i in 1 2 3; do
    A_RSS="$A_RSS $(peak_kb $ACCORD_CMD)"
    S_RSS="$S_RSS $(peak_kb $SQUAWK_CMD)"
done
A_RSS=$(echo $A_RSS | tr ' ' '\n' | median)
S_RSS=$(echo $S_RSS | tr ' ' '\n' | median)
echo "peak RSS: accord ${A_RSS} KB, squawk ${S_RSS} KB, accord/squawk = $(python3 -c "print(f'{$A_RSS/$S_RSS:.2f}')")x"

REPLAY=$WORK/replay
rm -rf "$REPLAY"
mkdir -p "$REPLAY"
cat >"$REPLAY/accord.toml" <<'EOF'
[project]
name = "replay-bench"
version = "1.0.0"

[database]
dialect = "postgres"
migrations = "db/migrations"
EOF
python3 "$ROOT/bench/sql/gen_migrations.py" "$REPLAY/db/migrations" \
    --files "$REPLAY_FILES" --per-file 10
"$ACCORD" --manifest "$REPLAY/accord.toml" schema | tail -n 1
REPLAY_CMD="$ACCORD --manifest $REPLAY/accord.toml schema --json"
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "$RUNS" -N --export-json "$WORK/replay.json" -n replay "$REPLAY_CMD" 2>/dev/null \
        || hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/replay.json" -n replay "$REPLAY_CMD"
    python3 -c "import json; r=json.load(open('$WORK/replay.json'))['results'][0]; print(f\"replay of $REPLAY_FILES migrations: median {r['median']*1000:.1f} ms\")"
else
    echo "replay of $REPLAY_FILES migrations: median $(time_ms "$REPLAY_CMD") ms"
fi
echo "work dir: $WORK"
