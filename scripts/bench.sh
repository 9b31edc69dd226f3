#!/usr/bin/env bash
# npm run bench: benchmarks (SLA lateness, calendar throughput, the main reads and periodic runs at a seeded year:
# HUOBAN_BENCH_ONLY=scale, HUOBAN_BENCH_SCALE=10x for 10× too) against the local FerretDB + Redis.
# Not part of npm test. Uses the test data dir (.data/test) unless HUOBAN_DATA_DIR is set; arguments go to the bench.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export HUOBAN_DATA_DIR="${HUOBAN_DATA_DIR:-.data/test}"
export_service_urls huoban_bench

ensure_node_modules bench
stamp bench "services (data $HUOBAN_DATA_DIR)"
bash scripts/services.sh start
stamp bench "build: npm run build:ts"
npm run build:ts
if [[ ! -f test/dist/bench/index.js ]]; then
  stamp bench "test/dist/bench/index.js not found (test/src/bench/index.ts not written yet?)"
  exit 1
fi
stamp bench "node test/dist/bench/index.js"
node test/dist/bench/index.js "$@"
stamp bench "done"
