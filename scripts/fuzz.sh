#!/usr/bin/env bash
# npm run fuzz: schemathesis against a local api, as staff and as a partner, bounded in time (issue #8).
#   1. FerretDB + Redis (as npm test), a fresh database, the api on HUOBAN_FUZZ_PORT (3190)
#   2. a partner, a complaint and a credit programme seeded, staff and partner tokens obtained
#   3. schemathesis with the checks: no server error, documented status codes, content types, headers and
#      response bodies conforming to the OpenAPI schemas; junit reports kept in test-artifacts/
# Prints one summary line of its own per run (schemathesis's output goes to test-artifacts/schemathesis-*.log).
# Exits non-zero on any server error or non-conforming response.
# Extra: HUOBAN_FUZZ_EXAMPLES (examples per operation, 12), HUOBAN_FUZZ_TIMEOUT (s per run, 420).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { stamp fuzz "$*"; }
export HUOBAN_DATA_DIR="${HUOBAN_DATA_DIR:-.data/test}"
PORT="${HUOBAN_FUZZ_PORT:-3190}"
EXAMPLES="${HUOBAN_FUZZ_EXAMPLES:-12}"
RUN_TIMEOUT="${HUOBAN_FUZZ_TIMEOUT:-420}"
DB="huoban_fuzz_$(date +%s)"
export_service_urls "$DB"
HUOBAN_MONGO_URL="mongodb://127.0.0.1:$HUOBAN_MONGO_PORT/$DB" # always a fresh database
ARTIFACTS="$ROOT/test-artifacts"
mkdir -p "$ARTIFACTS"
BASE="http://127.0.0.1:$PORT"

if ! command -v schemathesis >/dev/null 2>&1; then
  say "installing schemathesis (PyPI)"
  python3 -m pip install --quiet 'schemathesis>=4.3,<5' </dev/null ||
    python3 -m pip install --quiet --break-system-packages 'schemathesis>=4.3,<5' </dev/null
fi
SCHEMATHESIS="$(command -v schemathesis)"

ensure_node_modules fuzz
bash scripts/services.sh start
[[ -f api/dist/main.js ]] || npm run build:ts
if port_busy "$PORT"; then
  say "port $PORT is busy (set HUOBAN_FUZZ_PORT)"
  exit 1
fi

API_PID=""
WECHAT_PID=""
cleanup() {
  for pid in $API_PID $WECHAT_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  node --input-type=module -e "
    import { connectMongo } from '@huoban/core';
    const c = await connectMongo(process.argv[1]); await c.dropDatabase(); await c.close();" "$HUOBAN_MONGO_URL" \
    2>/dev/null || true
}
trap cleanup EXIT

# a stand-in for WeChat's jscode2session (codes starting with "good" log in; any other is refused), so the wechat
# login route is fuzzed for real instead of answering 503 "not configured"
WECHAT_PORT=$((PORT + 1))
node --input-type=module -e "
  import { createServer } from 'node:http';
  createServer((req, res) => {
    const code = new URL(req.url, 'http://x').searchParams.get('js_code') ?? '';
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(code.startsWith('good') ? { openid: 'openid-' + code, session_key: 'k' } : { errcode: 40029, errmsg: 'invalid code' }));
  }).listen(Number(process.argv[1]), '127.0.0.1');" "$WECHAT_PORT" &
WECHAT_PID=$!

say "api on $BASE (database $DB)"
PORT="$PORT" HUOBAN_MONGO_URL="$HUOBAN_MONGO_URL" HUOBAN_QUEUE_PREFIX="fuzz-$DB" \
  HUOBAN_JWT_SECRET="fuzz-secret-$(date +%s%N)" HUOBAN_ADMIN_USER=admin HUOBAN_ADMIN_PASSWORD=fuzz-admin-pass \
  HUOBAN_WECHAT_API_BASE="http://127.0.0.1:$WECHAT_PORT" HUOBAN_WECHAT_APPID=fuzz HUOBAN_WECHAT_SECRET=fuzz \
  HUOBAN_DEV_LOGIN=true HUOBAN_SEED_DEMO=true HUOBAN_LOGIN_LIMIT_IP=100000 HUOBAN_LOGIN_LIMIT_ACCOUNT=100000 HUOBAN_PUBLIC_POST_LIMIT_IP=100000 \
  node api/dist/main.js >"$ARTIFACTS/fuzz-api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 60); do
  curl -fsS "$BASE/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$BASE/health" >/dev/null

# tokens and a little data so that ids in the spec's examples are not all unknown
read -r STAFF PARTNER < <(node --input-type=module -e "
  const base = process.argv[1];
  const call = async (method, path, body, token) => {
    const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json', ...(token && { authorization: 'Bearer ' + token }) }, body: body && JSON.stringify(body) });
    const t = await r.text(); if (r.status >= 400) throw new Error(method + ' ' + path + ' ' + r.status + ' ' + t); return t ? JSON.parse(t) : null;
  };
  const staff = (await call('POST', '/api/v1/auth/staff/login', { username: 'admin', password: 'fuzz-admin-pass' })).accessToken;
  const partner = (await call('POST', '/api/v1/auth/partner/dev-login', { partnerCode: 'P001' })).accessToken;
  const [p] = await call('GET', '/api/v1/partners?q=P001', null, staff);
  await call('POST', '/api/v1/complaints', { partnerId: p.id, kind: 'ordinary', channel: 'hotline_10086', summary: '模糊测试投诉', receivedAt: new Date().toISOString() }, staff);
  console.log(staff, partner);" "$BASE")

FAILED=0
# fuzz_summary <junit.xml> <seconds> <exit code>: one line of ours from schemathesis's junit report
fuzz_summary() {
  node -e '
    const [xml, secs, rc] = process.argv.slice(1);
    let text = "";
    try { text = require("fs").readFileSync(xml, "utf8"); } catch {}
    const sum = (attr) => [...text.matchAll(new RegExp("<testsuite\\b[^>]*\\b" + attr + "=.(\\d+)", "g"))]
      .reduce((n, m) => n + Number(m[1]), 0);
    const failed = sum("failures") + sum("errors");
    const verdict = rc === "0" ? "ok" : "FAILED (exit " + rc + ")";
    console.log(verdict + ", " + sum("tests") + " cases, " + failed + " failed, " + secs + " s");
  ' "$@"
}
# run <name> <token>: one bounded schemathesis run; logout is left out (it would revoke the token mid-run)
run() {
  local name="$1" token="$2" rc=0 t0=$SECONDS
  say "schemathesis as $name: $EXAMPLES examples per operation, at most ${RUN_TIMEOUT}s"
  timeout "$RUN_TIMEOUT" "$SCHEMATHESIS" run "$BASE/api/docs-json" \
    --url "$BASE" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$EXAMPLES" \
    --exclude-path /api/v1/auth/logout \
    --exclude-path /api/v1/auth/password \
    --request-timeout 10 \
    --generation-deterministic \
    --no-color \
    --report junit --report-junit-path "$ARTIFACTS/schemathesis-$name.xml" \
    </dev/null >"$ARTIFACTS/schemathesis-$name.log" 2>&1 || rc=$?
  # schemathesis's own output stays in its log: its closing lines (`==== 3 warnings in 51.37s ====`) read like a
  # pytest run of zero tests; on a failure its failure report is shown with those banners flattened
  if ((rc != 0)); then
    tail -n 60 "$ARTIFACTS/schemathesis-$name.log" | sed -E 's/^=+ (.*) =+$/-- \1/; s/^=+$//'
    FAILED=1
  fi
  say "schemathesis as $name: $(fuzz_summary "$ARTIFACTS/schemathesis-$name.xml" $((SECONDS - t0)) "$rc")" \
    "(log test-artifacts/schemathesis-$name.log)"
}
run staff "$STAFF"
run partner "$PARTNER"
if grep -q ' 500 \|"statusCode":500' "$ARTIFACTS/fuzz-api.log"; then
  say "the api logged server errors (test-artifacts/fuzz-api.log)"
  FAILED=1
fi
exit "$FAILED"
