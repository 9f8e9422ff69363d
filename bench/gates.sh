#!/usr/bin/env bash
# Gates over a large report: time and peak memory of `accord gate` on a generated JSON report
# (default 200 MB: ~2.6 M benchmark runs), with a p95 over every run (`runs[*].cold_ms`, all
# values kept as f64) and a JSON Pointer to a field written after the big array.
#
#   bench/gates.sh                 # 200 MB, target/release/accord (built if missing)
#   MB=50 ACCORD=target/debug/accord bench/gates.sh
#
# The report goes to $BENCH_WORK (default /tmp/bench-gates), never into the repository;
# delete it afterwards (`rm -rf /tmp/bench-gates`).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${MB:-200}
WORK=${BENCH_WORK:-/tmp/bench-gates}
ACCORD=${ACCORD:-target/release/accord}
if [ ! -x "$ACCORD" ]; then
  nice -n 5 cargo build --release --locked -p accord-cli
fi
mkdir -p "$WORK/perf"
REPORT="$WORK/perf/budget_summary.json"
if [ ! -f "$REPORT" ] || [ "$(du -m "$REPORT" | cut -f1)" -lt "$MB" ]; then
  python3 - "$REPORT" "$MB" <<'PY'
import random, sys
path, mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(13)
target = mb * 1024 * 1024
names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
with open(path, "w") as f:
    f.write('{"runs": [\n')
    written, n = 0, 0
    while written < target:
        line = '{"extension": "%s-%d", "cold_ms": %.3f, "warm_ms": %.3f, "events": %d}' % (
            rng.choice(names), n % 1000, rng.lognormvariate(4.5, 0.35),
            rng.lognormvariate(3.0, 0.3), rng.randint(1, 500))
        f.write((",\n" if n else "") + line)
        written += len(line) + 2
        n += 1
    f.write('\n],\n"summary": {"runs": %d, "pass_rate": 91.9}}\n' % n)
PY
fi
cat > "$WORK/accord.toml" <<'TOML'
[project]
name = "bench-gates"

[gates.cold-load]
report = "perf/budget_summary.json"
selector = "runs[*].cold_ms"
aggregate = "p95"
comparison = "<"
threshold = 200
unit = "ms"

[gates.pass-rate]
report = "perf/budget_summary.json"
selector = "/summary/pass_rate"
comparison = ">="
threshold = 80
unit = "%"
TOML
ls -l "$REPORT" | awk '{printf "report: %.1f MB\n", $5/1048576}'
for gate in cold-load pass-rate; do
  /usr/bin/time -v "$ACCORD" gate "$gate" --dir "$WORK" >"$WORK/out.txt" 2>"$WORK/time.txt" || true
  sed -n 2p "$WORK/out.txt"
  grep -E "Elapsed \(wall|Maximum resident" "$WORK/time.txt" | sed 's/^\s*/  /'
done
