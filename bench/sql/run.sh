#!/usr/bin/env bash
# Benchmark of Accord's migration linter and schema replay.
#
#   bench/sql/run.sh            # from the repository root
#
# 1. Generates 10 000 PostgreSQL statements in 500 realistic migration files
#    (gen_migrations.py: CREATE TABLE, ADD COLUMN, CREATE INDEX [CONCURRENTLY], DROP COLUMN,
#    UPDATE/INSERT/DELETE, type changes, SET NOT NULL, foreign keys, renames, DROP INDEX).
# 2. Lints the same files with `accord migrate lint --dialect postgres` and with squawk
#    (PyPI `squawk-cli`, installed with pip when missing), side by side with hyperfine
#    (apt-get install hyperfine when missing; repeated `date` timing otherwise), and prints
#    the ratio.
# 3. Times the schema replay of 1 000 migrations: `accord schema --json` on a generated
#    repository (accord.toml with `[database] dialect = "postgres"`).
#
# Environment: ACCORD (binary, default target/release/accord, built when missing),
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
if ! command -v squawk >/dev/null; then
    python3 -m pip install --quiet squawk-cli
fi
if ! command -v hyperfine >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null 2>&1 || true
    fi
fi

echo "accord: $("$ACCORD" --version)   squawk: $(squawk --version)   cores: $(nproc)"

LINT=$WORK/lint
rm -rf "$LINT"
python3 "$ROOT/bench/sql/gen_migrations.py" "$LINT" --statements "$STATEMENTS" --per-file "$PER_FILE"
cd "$LINT"

# Sanity: both linters really read the files and report problems in them.
# (Both exit non-zero when they find problems, hence `|| true`.)
"$ACCORD" migrate lint --dialect postgres --format json ./*.sql >"$WORK/accord.json" || true
squawk --reporter json ./*.sql >"$WORK/squawk.json" 2>/dev/null || true
ACCORD_FINDINGS=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$WORK/accord.json")
SQUAWK_FINDINGS=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d) if isinstance(d, list) else "?")' "$WORK/squawk.json" || echo "?")
echo "findings: accord $ACCORD_FINDINGS, squawk $SQUAWK_FINDINGS"

# The file list is spelled out (no shell glob) so hyperfine can run without a shell (-N).
FILES=$(ls -- *.sql | tr '\n' ' ')
ACCORD_CMD="$ACCORD migrate lint --dialect postgres $FILES"
SQUAWK_CMD="squawk $FILES"

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
