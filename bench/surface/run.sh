#!/usr/bin/env bash
# All surface benchmarks into one work directory; figures on stdout.
#   BENCH_WORK=/tmp/bench RUNS=3 bench/surface/run.sh
here=$(cd "$(dirname "$0")" && pwd)
export BENCH_WORK=${BENCH_WORK:-$(mktemp -d /tmp/accord-bench-surface.XXXXXX)}
"$here/rust.sh" serde_json 1.0.151 1.0.154
"$here/rust.sh" syn 2.0.100 2.0.119
"$here/python.sh" httpx httpx 0.27.2 0.28.1
"$here/ts.sh" ky 1.7.5 1.14.3 distribution/index.d.ts
"$here/throughput.sh"
