#!/usr/bin/env bash
# npm start: the whole system locally — FerretDB + Redis, then api, worker, bot (mock puppet) and the H5 app.
#
# Secrets for development live in .data/dev.env (generated on first run, git-ignored); variables already set in
# the environment win over the file. HUOBAN_SKIP_BUILD=1 skips `npm run build` (reuse the last build).
# A process that exits is started again after a backoff (1 s doubling to 30 s), and the log says so; Ctrl-C stops
# api, worker, bot and web; FerretDB and Redis keep running (`npm run services -- stop`). The admin password is
# only in .data/dev.env: the banner names the file, never the password.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { stamp start "$*"; }

export PORT="${PORT:-3000}"
export HUOBAN_WEB_PORT="${HUOBAN_WEB_PORT:-8080}"
ENV_FILE="$ROOT/.data/dev.env"

for p in "$PORT" "$HUOBAN_WEB_PORT"; do
  if port_busy "$p"; then
    say "port $p is already in use (is another 'npm start' running?). Stop it, or set PORT / HUOBAN_WEB_PORT."
    exit 1
  fi
done

ensure_node_modules start
say "services"
bash scripts/services.sh start

# ---- development environment file (never committed) ----
secret() { node -e 'process.stdout.write(require("node:crypto").randomBytes(Number(process.argv[1])).toString("base64url"))' "$1"; }
mkdir -p "$(dirname "$ENV_FILE")"
if [[ ! -f "$ENV_FILE" ]]; then
  (
    umask 077
    printf '# Local development settings written by scripts/start.sh. Git-ignored; delete the file to regenerate.\n'
    printf '# Variables set in the environment override these.\n'
  ) >"$ENV_FILE"
  chmod 600 "$ENV_FILE"
  say "created ${ENV_FILE#"$ROOT"/} with generated secrets"
fi
add_default() { grep -q "^$1=" "$ENV_FILE" || printf '%s=%s\n' "$1" "$2" >>"$ENV_FILE"; }
add_default HUOBAN_JWT_SECRET "$(secret 32)"
add_default HUOBAN_SERVICE_KEY "$(secret 24)"
add_default HUOBAN_ADMIN_USER admin
add_default HUOBAN_ADMIN_PASSWORD "$(secret 12)"
add_default HUOBAN_DEV_LOGIN true
add_default HUOBAN_SEED_DEMO true

# Load KEY=VALUE lines (no shell evaluation); the environment wins.
while IFS= read -r line || [[ -n "$line" ]]; do
  [[ "$line" =~ ^([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
  key="${BASH_REMATCH[1]}"
  [[ -n "${!key+x}" ]] || export "$key=${BASH_REMATCH[2]}"
done <"$ENV_FILE"

export_service_urls huoban
# the api binds 127.0.0.1 here (the banner's address); compose and the image set 0.0.0.0
export HUOBAN_API_HOST="${HUOBAN_API_HOST:-127.0.0.1}"
export HUOBAN_API_URL="${HUOBAN_API_URL:-http://127.0.0.1:$PORT}"
export HUOBAN_CORS_ORIGINS="${HUOBAN_CORS_ORIGINS:-http://127.0.0.1:$HUOBAN_WEB_PORT,http://localhost:$HUOBAN_WEB_PORT}"
export WECHATY_PUPPET="${WECHATY_PUPPET:-wechaty-puppet-mock}"
export TARO_APP_API="${TARO_APP_API:-http://127.0.0.1:$PORT/api/v1}"

# ---- build ----
if [[ "${HUOBAN_SKIP_BUILD:-}" == 1 ]]; then
  say "HUOBAN_SKIP_BUILD=1: using the existing build"
else
  say "build (TypeScript + H5 with TARO_APP_API=$TARO_APP_API)"
  npm run build
fi

# ---- processes ----
# Each process is supervised: when one exits (a crash, a kill -9) it is started again after a backoff that doubles
# from 1 s to 30 s (reset once it has run for a minute), and the log says so. Ctrl-C stops everything.
declare -A PID_OF=() CMD_OF=() RESTARTS=() STARTED_AT=() NAMES=()
pids() { echo "${PID_OF[@]}"; }
launch() {
  local name="$1" cmd
  read -ra cmd <<<"${CMD_OF[$name]}"
  "${cmd[@]}" > >(sed -u "s/^/[$name] /") 2>&1 &
  PID_OF[$name]=$!
  NAMES[$!]="$name"
  STARTED_AT[$name]=$SECONDS
}
run() {
  local name="$1"
  shift
  CMD_OF[$name]="$*"
  launch "$name"
}

STOPPING=0
stop_all() {
  local code="$1" pid
  ((STOPPING)) && return 0
  STOPPING=1
  trap - INT TERM
  say "stopping api, worker, bot and web ..."
  for pid in $(pids); do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    local alive=0
    for pid in $(pids); do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in $(pids); do
    if kill -0 "$pid" 2>/dev/null; then
      say "${NAMES[$pid]} did not stop within 10 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
  say "stopped (FerretDB and Redis keep running: npm run services -- stop)"
  exit "$code"
}
trap 'stop_all 130' INT
trap 'stop_all 143' TERM

# restart <name> <exit code>: starts a process that exited again after its backoff (Ctrl-C cuts the wait short)
restart() {
  local name="$1" code="$2" n delay
  if ((SECONDS - STARTED_AT[$name] >= 60)); then RESTARTS[$name]=0; fi
  n=$((${RESTARTS[$name]:-0} + 1))
  RESTARTS[$name]=$n
  delay=$((1 << (n > 5 ? 5 : n - 1)))
  ((delay > 30)) && delay=30
  say "$name exited (code $code): restarting it in $delay s (restart $n)"
  sleep "$delay" &
  wait $! || true
  ((STOPPING)) && return 0
  launch "$name"
  say "$name restarted (pid ${PID_OF[$name]})"
}

say "starting api, worker, bot and web"
run api node api/dist/main.js
run worker node worker/dist/main.js
run bot node bot/dist/main.js
run web node scripts/serve-h5.mjs

# Wait for the api to answer, watching that nothing died meanwhile.
deadline=$((SECONDS + ${HUOBAN_START_TIMEOUT:-90}))
health_ok() {
  if command -v curl >/dev/null; then
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/health" 2>/dev/null
  else
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "http://127.0.0.1:$PORT/health"
  fi
}
until health_ok; do
  for pid in $(pids); do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "${NAMES[$pid]} exited during start-up (its output is above)"
      stop_all 1
    fi
  done
  if ((SECONDS >= deadline)); then
    say "the api did not answer http://127.0.0.1:$PORT/health within ${HUOBAN_START_TIMEOUT:-90} s"
    stop_all 1
  fi
  sleep 0.5
done

cat <<BANNER

  Huoban is running
    H5 app      http://${HUOBAN_WEB_HOST:-127.0.0.1}:$HUOBAN_WEB_PORT
    API docs    http://$HUOBAN_API_HOST:$PORT/api/docs
    API         http://$HUOBAN_API_HOST:$PORT/api/v1   (health: /health)
    admin       $HUOBAN_ADMIN_USER; its password is HUOBAN_ADMIN_PASSWORD in ${ENV_FILE#"$ROOT"/} (created on the first start)
    partners    dev login by partner code (HUOBAN_DEV_LOGIN=$HUOBAN_DEV_LOGIN, demo partners P001, P002 when HUOBAN_SEED_DEMO=true)
    services    FerretDB mongodb://127.0.0.1:$HUOBAN_MONGO_PORT   Redis redis://127.0.0.1:$HUOBAN_REDIS_PORT
  A process that exits is started again (backoff 1–30 s). Ctrl-C stops everything above except FerretDB and Redis.

BANNER

# Run until Ctrl-C, starting again whatever exits.
while true; do
  done_pid=""
  set +e
  wait -n -p done_pid $(pids)
  code=$?
  set -e
  # On Ctrl-C the children get SIGINT too and may exit before our trap runs: give the trap a moment to win.
  sleep 0.5
  name="${NAMES[${done_pid:-none}]:-}"
  if [[ -n "$name" && "${PID_OF[$name]}" == "$done_pid" ]]; then restart "$name" "$code"; fi
done
