#!/usr/bin/env bash
# npm test: every test, under jest (jest.config.mjs; TypeScript as ESM through @swc/jest).
#   1. Debian packages the browser tests need (Chromium, CJK fonts, poppler-utils), FerretDB + Redis
#      (data in .data/test unless HUOBAN_DATA_DIR is set; ports HUOBAN_MONGO_PORT / HUOBAN_REDIS_PORT)
#   2. npm run build:ts (the e2e tier runs the built processes; `@huoban/core` resolves to its build; builds
#      leave the tests out), then a typecheck of the tests and their support (tsconfig.test.json) and of the
#      mini-program (miniapp/tsconfig.json: its pages and its typed api calls; the H5 build does not typecheck)
#   3. unit + medium tier: core, api, worker, bot and the mini-program's pure modules (HUOBAN_TEST_TIER=unit)
#   4. H5 build against the e2e api port, then the end-to-end tier (test/src, HUOBAN_TEST_TIER=e2e)
# Stage 4 runs even when stage 3 failed; the exit code is non-zero when anything failed. The last line is
# `total: N passed, N failed, N skipped`, after the run's duration.
# Extra: HUOBAN_E2E_API_PORT (3100), HUOBAN_TEST_TIMEOUT_MS (per test, 300000), HUOBAN_TEST_STAGE_TIMEOUT (s, 1200);
# arguments are passed to jest (e.g. `npm test -- api/src/races.test.ts` runs the unit tier's matching files).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { stamp test "$*"; }

export HUOBAN_DATA_DIR="${HUOBAN_DATA_DIR:-.data/test}"
export HUOBAN_E2E_API_PORT="${HUOBAN_E2E_API_PORT:-3100}"
export_service_urls huoban_test
ARTIFACTS="$ROOT/test-artifacts"
mkdir -p "$ARTIFACTS"

STARTED=$SECONDS
declare -a SUMMARY=()
FAILED=0
TOTAL_PASS=0
TOTAL_FAIL=0
TOTAL_SKIP=0

ensure_node_modules test
ensure_debian_packages test "${TEST_SYSTEM_PACKAGES[@]}"
say "services (data ${HUOBAN_DATA_DIR})"
bash scripts/services.sh start

say "build: npm run build:ts"
if npm run build:ts; then
  SUMMARY+=("build: ok")
else
  say "build FAILED: the tests below run on what was emitted"
  SUMMARY+=("build: FAILED")
  FAILED=1
fi

# run_stage <name> <tier> [jest args...]: one jest run; its console output goes to test-artifacts/<name>.log and
# its counts come from jest's JSON report (test-artifacts/<name>.json). --forceExit: a test file that leaves a
# connection open must not hang the whole run once its tests are done.
run_stage() {
  local name="$1" tier="$2" rc=0 out json counts pass fail skipped t0=$SECONDS
  shift 2
  out="$ARTIFACTS/$name.log"
  json="$ARTIFACTS/$name.json"
  rm -f "$json"
  say "$name: jest (tier $tier)"
  set +e
  HUOBAN_TEST_TIER="$tier" NODE_OPTIONS="--experimental-vm-modules ${NODE_OPTIONS:-}" \
    timeout --kill-after=30 "${HUOBAN_TEST_STAGE_TIMEOUT:-1200}" \
    npx jest --ci --forceExit --json --outputFile="$json" "$@" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  if ((rc == 124 || rc == 137)); then say "$name: stage timed out after ${HUOBAN_TEST_STAGE_TIMEOUT:-1200} s"; fi
  counts="$(node -e '
    try { const r = require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites, r.numPendingTests + r.numTodoTests); }
    catch { console.log("0 0 0"); }' "$json")"
  read -r pass fail skipped <<<"$counts"
  if ((rc != 0 && fail == 0)); then fail=1; fi # crashed or timed out before reporting a failure
  TOTAL_PASS=$((TOTAL_PASS + pass))
  TOTAL_FAIL=$((TOTAL_FAIL + fail))
  TOTAL_SKIP=$((TOTAL_SKIP + skipped))
  SUMMARY+=("$name: $pass passed, $fail failed, $skipped skipped in $((SECONDS - t0)) s$( ((rc == 0)) || echo " (exit $rc)")")
  if ((rc != 0)); then FAILED=1; fi
}

say "contract: the api's OpenAPI document and the clients' generated types agree (node scripts/contract.mjs --check)"
if ! node scripts/contract.mjs --check; then
  SUMMARY+=("contract: DRIFT (run npm run contract)")
  FAILED=1
fi

say "typecheck: the tests and their support, the mini-program's pages and api calls (tsconfig.test.json; miniapp/tsconfig.json, tsconfig.test.json)"
if ! npx tsc -p tsconfig.test.json || ! npx tsc -p miniapp/tsconfig.json || ! npx tsc -p miniapp/tsconfig.test.json --noEmit; then
  SUMMARY+=("test typecheck: FAILED")
  FAILED=1
fi

run_stage unit+medium unit "$@"

if (($#)); then
  say "e2e: skipped (jest arguments given)"
else
  export TARO_APP_API="http://127.0.0.1:$HUOBAN_E2E_API_PORT/api/v1"
  say "H5 build for e2e: TARO_APP_API=$TARO_APP_API"
  if npm run build:h5 -w miniapp; then
    SUMMARY+=("h5 build: ok")
  else
    say "H5 build FAILED: running e2e anyway"
    SUMMARY+=("h5 build: FAILED")
    FAILED=1
  fi
  run_stage e2e e2e
fi

echo
say "summary"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
if ((FAILED)); then say "FAILED"; else say "all passed"; fi
say "npm test took $((SECONDS - STARTED)) s"
echo "total: $TOTAL_PASS passed, $TOTAL_FAIL failed, $TOTAL_SKIP skipped"
exit "$FAILED"
