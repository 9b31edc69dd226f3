#!/usr/bin/env bash
# npm test: every test.
#   1. FerretDB + Redis (data in .data/test unless HUOBAN_DATA_DIR is set; ports HUOBAN_MONGO_PORT / HUOBAN_REDIS_PORT)
#   2. npm run build:ts
#   3. unit + medium tests: core, api, worker, bot, miniapp's pure modules (compiled *.test.js under <workspace>/dist)
#   4. H5 build against the e2e api port, then end-to-end tests (test/dist)
# Stage 4 runs even when stage 3 failed; the exit code is non-zero when anything failed.
# Extra: HUOBAN_E2E_API_PORT (3100), HUOBAN_TEST_TIMEOUT_MS (per test, 300000), HUOBAN_TEST_STAGE_TIMEOUT (s, 1200).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { stamp test "$*"; }

export HUOBAN_DATA_DIR="${HUOBAN_DATA_DIR:-.data/test}"
export HUOBAN_E2E_API_PORT="${HUOBAN_E2E_API_PORT:-3100}"
export_service_urls huoban_test
ARTIFACTS="$ROOT/test-artifacts"
mkdir -p "$ARTIFACTS"

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

# collect <dir>...: compiled test files whose TypeScript source still exists (tsc -b never deletes stale output)
collect() {
  local f src
  FILES=()
  while IFS= read -r f; do
    src="${f/\/dist\//\/src\/}"
    src="${src%.js}"
    if [[ -f "$src.ts" || -f "$src.tsx" ]]; then
      FILES+=("$f")
    else
      say "skipping stale $f (no ${src#"$ROOT"/}.ts)"
    fi
  done < <(for d in "$@"; do [[ -d "$d" ]] && find "$d" -name '*.test.js' -type f; done | sort)
}

# run_stage <name> <files...>: node's test runner with the spec reporter; the console output is kept in
# test-artifacts/<name>.log and its closing counts are read from there.
# --test-force-exit: a test file that leaves a connection open must not hang the whole run once its tests are done.
# (A reporter writing to a file loses its last lines on that forced exit; stdout through a pipe does not.)
run_stage() {
  local name="$1" rc=0 out pass fail cancelled skipped todo
  shift
  out="$ARTIFACTS/$name.log"
  say "$name: $# test file(s)"
  set +e
  timeout --kill-after=30 "${HUOBAN_TEST_STAGE_TIMEOUT:-1200}" \
    node --test --test-concurrency=1 --test-force-exit --test-timeout="${HUOBAN_TEST_TIMEOUT_MS:-300000}" \
    --test-reporter=spec "$@" | tee "$out"
  rc=${PIPESTATUS[0]}
  set -e
  if ((rc == 124 || rc == 137)); then say "$name: stage timed out after ${HUOBAN_TEST_STAGE_TIMEOUT:-1200} s"; fi
  count() { { grep -E "^ℹ $1 [0-9]+\$" "$out" || true; } | tail -n1 | awk '{print $3}'; }
  pass="$(count pass)"
  fail="$(count fail)"
  cancelled="$(count cancelled)"
  skipped="$(count skipped)"
  todo="$(count todo)"
  pass=${pass:-0}
  fail=$((${fail:-0} + ${cancelled:-0}))
  skipped=$((${skipped:-0} + ${todo:-0}))
  if ((rc != 0 && fail == 0)); then fail=1; fi # crashed or timed out before reporting a failure
  TOTAL_PASS=$((TOTAL_PASS + pass))
  TOTAL_FAIL=$((TOTAL_FAIL + fail))
  TOTAL_SKIP=$((TOTAL_SKIP + skipped))
  SUMMARY+=("$name: $pass passed, $fail failed, $skipped skipped$( ((rc == 0)) || echo " (exit $rc)")")
  if ((rc != 0)); then FAILED=1; fi
}

say "build: miniapp unit tests (tsc -p miniapp/tsconfig.test.json)"
if ! npx tsc -p miniapp/tsconfig.test.json; then
  SUMMARY+=("miniapp test build: FAILED")
  FAILED=1
fi

collect core/dist api/dist worker/dist bot/dist miniapp/dist/utils miniapp/dist/services
if ((${#FILES[@]} == 0)); then
  say "unit+medium: no test files found under core/dist api/dist worker/dist bot/dist: skipped"
  SUMMARY+=("unit+medium: no tests")
else
  run_stage unit+medium "${FILES[@]}"
fi

collect test/dist
if ((${#FILES[@]} == 0)); then
  say "e2e: no test files found under test/dist: skipped (and the H5 build with it)"
  SUMMARY+=("e2e: no tests")
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
  run_stage e2e "${FILES[@]}"
fi

echo
say "summary"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
if ((FAILED)); then say "FAILED"; else say "all passed"; fi
echo "total: $TOTAL_PASS passed, $TOTAL_FAIL failed, $TOTAL_SKIP skipped"
exit "$FAILED"
