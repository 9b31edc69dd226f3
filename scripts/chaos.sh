#!/usr/bin/env bash
# npm run chaos [-- --short] [-- --only=flush,redis]: the fault-injection scenarios of issue #8 over real
# processes (api, worker, bot on the mock puppet) on a Redis and a FerretDB of their own (ports
# HUOBAN_CHAOS_REDIS_PORT / HUOBAN_CHAOS_MONGO_PORT, free ports by default; data in .data/chaos, removed after).
# Prints a table of figures; exits 1 when any figure misses its mark.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[[ -x node_modules/.bin/tsc ]] || npm ci
bash scripts/services.sh install >/dev/null # redis-server and FerretDB 1.24 binaries (built once when missing)
npx tsc -b tsconfig.build.json
mkdir -p test-artifacts
exec node test/dist/chaos/index.js "$@"
