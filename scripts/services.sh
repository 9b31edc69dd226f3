#!/usr/bin/env bash
# Local backing services for development and tests: FerretDB (MongoDB wire protocol, SQLite backend) and Redis.
#
#   scripts/services.sh install   install what is missing (redis-server from Debian, FerretDB built with Go)
#   scripts/services.sh start     install if needed, start both, wait until each answers (idempotent)
#   scripts/services.sh stop      stop what this script started on these ports
#   scripts/services.sh status    exit 0 when both answer, 3 otherwise
#   scripts/services.sh restart
#
# Environment: HUOBAN_MONGO_PORT (27018), HUOBAN_REDIS_PORT (6380), HUOBAN_DATA_DIR (.data; relative to the repo),
# HUOBAN_SERVICES_TIMEOUT (seconds to wait for readiness, 60), HUOBAN_FERRETDB_BIN (use this binary),
# HUOBAN_FERRETDB_DEBUG_ADDR (FerretDB's metrics listener, default 127.0.0.1:0 = any free port),
# HUOBAN_FERRETDB_GOGC (FerretDB's Go garbage-collector target, 400: see scripts/ferretdb/README.md).
# Pid files and logs: .run/<service>-<port>.{pid,log}. The FerretDB binary is built into .data/bin/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MONGO_PORT="${HUOBAN_MONGO_PORT:-27018}"
REDIS_PORT="${HUOBAN_REDIS_PORT:-6380}"
DATA_DIR="${HUOBAN_DATA_DIR:-.data}"
[[ "$DATA_DIR" == /* ]] || DATA_DIR="$ROOT/$DATA_DIR"
RUN_DIR="$ROOT/.run"
BIN_DIR="$ROOT/.data/bin"
FERRETDB_VERSION="v1.24.2"
FERRETDB_MODULE="github.com/FerretDB/FerretDB"
# The build carries one patch (scripts/ferretdb/, see patch_ferretdb) and says so in `ferretdb --version` as its package.
FERRETDB_PATCH_MARK="huoban-sqlite-pushdown-10"
TIMEOUT="${HUOBAN_SERVICES_TIMEOUT:-60}"
case ":$PATH:" in *:/usr/local/go/bin:*) ;; *) PATH="$PATH:/usr/local/go/bin" ;; esac
export PATH

FERRETDB_PID="$RUN_DIR/ferretdb-$MONGO_PORT.pid"
FERRETDB_LOG="$RUN_DIR/ferretdb-$MONGO_PORT.log"
REDIS_PID="$RUN_DIR/redis-$REDIS_PORT.pid"
REDIS_LOG="$RUN_DIR/redis-$REDIS_PORT.log"

log() { printf '[services] %s\n' "$*"; }
die() {
  printf '[services] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------- probes ----------

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

mongo_ping() {
  port_open "$MONGO_PORT" || return 1
  if [[ -f "$ROOT/node_modules/mongodb/package.json" ]] && command -v node >/dev/null; then
    (cd "$ROOT" && timeout 10 node -e '
      const { MongoClient } = require("mongodb");
      const c = new MongoClient(process.argv[1], { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
      c.connect().then(() => c.db("admin").command({ ping: 1 })).then(() => c.close())
        .then(() => process.exit(0), () => process.exit(1));
    ' "mongodb://127.0.0.1:$MONGO_PORT/admin" >/dev/null 2>&1)
  fi
}

redis_ping() {
  if command -v redis-cli >/dev/null; then
    [[ "$(timeout 5 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]
  else
    port_open "$REDIS_PORT"
  fi
}

# pid_of <pidfile> <name>: prints the pid when the pid file names a live process whose command line contains <name>
pid_of() {
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(tr -dc '0-9' <"$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" == *"$2"* ]] || return 1
  printf '%s' "$pid"
}

# listener_pid <port>: the pid listening on a loopback port, when ss can tell
listener_pid() {
  command -v ss >/dev/null || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true
}

# Closes every inherited descriptor above 2, so a daemon holds no pipe of whoever ran this script (a CI runner
# waiting for its output to close, or the lock on fd 9).
close_fds() {
  local fd
  for fd in /proc/"$BASHPID"/fd/*; do
    fd="${fd##*/}"
    if [[ "$fd" =~ ^[0-9]+$ ]] && ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

# ---------- install ----------

apt_install() {
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  command -v apt-get >/dev/null || die "apt-get not found: install $* yourself"
  log "installing $* with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >/dev/null; then
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >/dev/null
  fi
}

ensure_redis() {
  if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then return 0; fi
  apt_install redis-server
  command -v redis-server >/dev/null || die "redis-server still missing after apt-get install"
}

# is_ferretdb <path> [any]: executable, reports the pinned version and (unless `any`) carries our patch
is_ferretdb() {
  local out
  [[ -n "$1" && -x "$1" ]] && out="$("$1" --version 2>/dev/null)" && [[ "$out" == *"version: $FERRETDB_VERSION"* ]] &&
    [[ "${2:-}" == any || "$out" == *"package: $FERRETDB_PATCH_MARK"* ]]
}

find_ferretdb() {
  if [[ -n "${HUOBAN_FERRETDB_BIN:-}" ]] && is_ferretdb "$HUOBAN_FERRETDB_BIN" any; then
    printf '%s' "$HUOBAN_FERRETDB_BIN"
    return 0
  fi
  local c candidates=("$BIN_DIR/ferretdb")
  candidates+=("$(command -v ferretdb 2>/dev/null || true)")
  if command -v go >/dev/null; then
    candidates+=("$(go env GOBIN 2>/dev/null)/ferretdb" "$(go env GOPATH 2>/dev/null | cut -d: -f1)/bin/ferretdb")
  fi
  candidates+=("$HOME/go/bin/ferretdb")
  for c in "${candidates[@]}"; do
    if is_ferretdb "$c"; then
      printf '%s' "$c"
      return 0
    fi
  done
  return 1
}

# patch_ferretdb <src>: applies scripts/ferretdb/sqlite-pushdown.patch (see scripts/ferretdb/README.md): the SQLite
# backend pushes equality, $in and number/date ranges down to SQL in the text of the indexes createIndex makes (so
# reads use them; the _id lookup too), answers countDocuments with an exact SQL COUNT where it can, and update,
# findAndModify and delete are serialized per collection (a guarded update is atomic). Fails loudly when the patch
# does not apply to this version's source.
patch_ferretdb() {
  local p="$ROOT/scripts/ferretdb/sqlite-pushdown.patch"
  [[ -f "$p" ]] || { echo "missing $p" >&2; return 1; }
  command -v git >/dev/null || { echo "git is needed to apply $p" >&2; return 1; }
  (cd "$1" && export GIT_CEILING_DIRECTORIES="${1%/*}" && git apply --check "$p" && git apply "$p") || { echo "$p does not apply to FerretDB $FERRETDB_VERSION in $1" >&2; return 1; }
  printf '%s\n' "$FERRETDB_PATCH_MARK" >"$1/build/version/package.txt"
}

# `go install …@version` fails against this proxy (it refuses the module's version list while checking for
# deprecation), so fetch the exact version into the module cache with `go get` and build from a writable copy.
build_ferretdb() {
  command -v go >/dev/null || die "FerretDB $FERRETDB_VERSION is missing and Go is not installed to build it (or set HUOBAN_FERRETDB_BIN)"
  local tmp src started=$SECONDS
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/huoban-ferretdb.XXXXXX")"
  log "building FerretDB $FERRETDB_VERSION with $(go version | cut -d' ' -f3) (about a minute, once) ..."
  local rc=0
  set +e # `set -e` is ignored inside a subshell used as a condition, so run it plainly and read $?
  (
    set -e
    export GOTOOLCHAIN=local GOFLAGS=-mod=mod
    mkdir -p "$tmp/fetch"
    cd "$tmp/fetch"
    go mod init huoban.local/ferretdb-fetch >/dev/null 2>&1
    go get "$FERRETDB_MODULE@$FERRETDB_VERSION"
    src="$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@$FERRETDB_VERSION"
    [[ -d "$src" ]] || { echo "module source not found at $src" >&2; exit 1; }
    cp -R "$src" "$tmp/src"
    chmod -R u+w "$tmp/src"
    printf '%s\n' "$FERRETDB_VERSION" >"$tmp/src/build/version/version.txt"
    patch_ferretdb "$tmp/src"
    cd "$tmp/src"
    mkdir -p "$BIN_DIR"
    go build -trimpath -o "$BIN_DIR/ferretdb.tmp" ./cmd/ferretdb
    mv -f "$BIN_DIR/ferretdb.tmp" "$BIN_DIR/ferretdb"
  ) >"$tmp.log" 2>&1
  rc=$?
  set -e
  if ((rc != 0)); then
    tail -n 40 "$tmp.log" >&2
    chmod -R u+w "$tmp" 2>/dev/null || true
    rm -rf "$tmp"
    die "FerretDB build failed (log above)"
  fi
  chmod -R u+w "$tmp" 2>/dev/null || true
  rm -rf "$tmp" "$tmp.log"
  is_ferretdb "$BIN_DIR/ferretdb" || die "built $BIN_DIR/ferretdb but it does not report $FERRETDB_VERSION ($FERRETDB_PATCH_MARK)"
  log "FerretDB $FERRETDB_VERSION built into ${BIN_DIR#"$ROOT"/} in $((SECONDS - started)) s"
}

ensure_ferretdb() {
  FERRETDB_BIN="$(find_ferretdb)" || {
    build_ferretdb
    FERRETDB_BIN="$BIN_DIR/ferretdb"
  }
}

cmd_install() {
  ensure_redis
  ensure_ferretdb
  log "redis-server: $(command -v redis-server) ($(redis-server --version | grep -o 'v=[0-9.]*'))"
  log "ferretdb: $FERRETDB_BIN ($FERRETDB_VERSION)"
}

# ---------- start ----------

# fail_with_log <message> <log>: prints the log's tail (when there is one) and dies
fail_with_log() {
  if [[ -s "$2" ]]; then
    printf '[services] ---- last lines of %s ----\n' "${2#"$ROOT"/}" >&2
    tail -n 30 "$2" >&2
    die "$1 (log: ${2#"$ROOT"/})"
  fi
  die "$1"
}

# wait_ready <name> <probe> <pid or empty> <log>
wait_ready() {
  local name="$1" probe="$2" pid="$3" logf="$4" deadline=$((SECONDS + TIMEOUT))
  until "$probe"; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      fail_with_log "$name exited during start-up" "$logf"
    fi
    if ((SECONDS >= deadline)); then
      fail_with_log "$name did not answer within ${TIMEOUT}s" "$logf"
    fi
    sleep 0.3
  done
}

note_data_dir() {
  local file="$1" recorded
  recorded="$(cat "$file" 2>/dev/null || true)"
  if [[ -n "$recorded" && "$recorded" != "$2" ]]; then
    log "  note: it keeps its data in ${recorded#"$ROOT"/}, not ${2#"$ROOT"/} (stop it first to switch)"
  fi
}

# A server already answering on its port (started earlier, or by another checkout): wait until it is ready, say
# so, and note when it keeps its data elsewhere. The data-directory note is `<ferretdb|redis>-<port>.datadir`.
adopt_running() {
  local name="$1" port="$2" ping="$3" pidfile="$4" proc="$5" logf="$6" dir="$7" pid
  wait_ready "$name on 127.0.0.1:$port (already listening)" "$ping" "" "$logf"
  pid="$(pid_of "$pidfile" "$proc" || listener_pid "$port")"
  log "$name already running on 127.0.0.1:$port${pid:+ (pid $pid)}"
  note_data_dir "$RUN_DIR/${proc%-server}-$port.datadir" "$dir"
}

start_ferretdb() {
  local pid dir="$DATA_DIR/ferretdb"
  if port_open "$MONGO_PORT"; then
    adopt_running FerretDB "$MONGO_PORT" mongo_ping "$FERRETDB_PID" ferretdb "$FERRETDB_LOG" "$dir"
    return 0
  fi
  ensure_ferretdb
  mkdir -p "$dir" || die "cannot create the FerretDB data directory $dir"
  : >"$FERRETDB_LOG"
  (
    close_fds
    # a collection every 400% of heap growth instead of 100%: a quarter to a third less CPU per read for some 60 MB
    export GOGC="${HUOBAN_FERRETDB_GOGC:-400}"
    exec setsid "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$dir/?_txlock=immediate" --state-dir="$dir" \
      --listen-addr="127.0.0.1:$MONGO_PORT" --debug-addr="${HUOBAN_FERRETDB_DEBUG_ADDR:-127.0.0.1:0}" \
      --telemetry=disable --log-level=warn </dev/null >>"$FERRETDB_LOG" 2>&1
  ) &
  pid=$!
  printf '%s\n' "$pid" >"$FERRETDB_PID"
  printf '%s\n' "$dir" >"$RUN_DIR/ferretdb-$MONGO_PORT.datadir"
  wait_ready "FerretDB" mongo_ping "$pid" "$FERRETDB_LOG"
  log "FerretDB $FERRETDB_VERSION started on 127.0.0.1:$MONGO_PORT (pid $pid, data ${dir#"$ROOT"/})"
}

start_redis() {
  local pid dir="$DATA_DIR/redis"
  if port_open "$REDIS_PORT"; then
    adopt_running Redis "$REDIS_PORT" redis_ping "$REDIS_PID" redis-server "$REDIS_LOG" "$dir"
    return 0
  fi
  ensure_redis
  mkdir -p "$dir" || die "cannot create the Redis data directory $dir"
  rm -f "$REDIS_PID"
  : >"$REDIS_LOG"
  (
    close_fds
    exec redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$dir" --save "" --appendonly no \
      --maxmemory-policy noeviction --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" </dev/null >>"$REDIS_LOG" 2>&1
  ) ||
    fail_with_log "redis-server failed to start" "$REDIS_LOG"
  printf '%s\n' "$dir" >"$RUN_DIR/redis-$REDIS_PORT.datadir"
  wait_ready "Redis" redis_ping "" "$REDIS_LOG"
  pid="$(pid_of "$REDIS_PID" redis-server || true)"
  log "Redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2) started on 127.0.0.1:$REDIS_PORT (pid ${pid:-?}, data ${dir#"$ROOT"/})"
}

cmd_start() {
  start_redis
  start_ferretdb
}

# ---------- stop / status ----------

# stop_one <name> <pidfile> <cmd pattern> <port>
stop_one() {
  local name="$1" pidfile="$2" pattern="$3" port="$4" pid other
  if pid="$(pid_of "$pidfile" "$pattern")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) ignored SIGTERM for 10 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile" "${pidfile%.pid}.datadir"
    log "$name on 127.0.0.1:$port stopped (pid $pid)"
  elif port_open "$port"; then
    other="$(listener_pid "$port")"
    log "$name on 127.0.0.1:$port was not started by this script${other:+ (pid $other)}: left running"
  else
    rm -f "$pidfile" "${pidfile%.pid}.datadir"
    log "$name on 127.0.0.1:$port is not running"
  fi
}

cmd_stop() {
  stop_one FerretDB "$FERRETDB_PID" ferretdb "$MONGO_PORT"
  stop_one Redis "$REDIS_PID" redis-server "$REDIS_PORT"
}

# One server's status line; 3 when it does not answer.
status_one() {
  local label="$1" port="$2" ping="$3" pidfile="$4" proc="$5" pid
  if ! "$ping"; then
    log "$label 127.0.0.1:$port: not running"
    return 3
  fi
  pid="$(pid_of "$pidfile" "$proc" || listener_pid "$port")"
  log "$label 127.0.0.1:$port: running${pid:+ (pid $pid)}$(dir_note "${proc%-server}" "$port")"
}

cmd_status() {
  local ok=0
  status_one FerretDB "$MONGO_PORT" mongo_ping "$FERRETDB_PID" ferretdb || ok=3
  status_one "Redis   " "$REDIS_PORT" redis_ping "$REDIS_PID" redis-server || ok=3
  return "$ok"
}

dir_note() {
  local d
  d="$(cat "$RUN_DIR/$1-$2.datadir" 2>/dev/null || true)"
  [[ -n "$d" ]] && printf ', data %s' "${d#"$ROOT"/}" || printf ', not started by this script'
}

# ---------- main ----------

usage() {
  echo "usage: $0 {install|start|stop|status|restart}" >&2
  exit 2
}

[[ $# -eq 1 ]] || usage
mkdir -p "$RUN_DIR"
# One services.sh at a time (a first start may build FerretDB for a minute); daemons do not inherit the lock.
if command -v flock >/dev/null && [[ "$1" != status ]]; then
  exec 9>"$RUN_DIR/services.lock"
  flock -w 900 9 || die "another scripts/services.sh is still running (lock .run/services.lock)"
fi

case "$1" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
restart)
  cmd_stop
  cmd_start
  ;;
*) usage ;;
esac
