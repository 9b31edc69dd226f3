# Sourced by .ci/run and the scripts (start, test, bench, chaos, fuzz): repo root, the Node.js LTS, service ports and
# the connection URLs derived from them.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

export HUOBAN_MONGO_PORT="${HUOBAN_MONGO_PORT:-27018}"
export HUOBAN_REDIS_PORT="${HUOBAN_REDIS_PORT:-6380}"
case ":$PATH:" in *:/usr/local/go/bin:*) ;; *) PATH="$PATH:/usr/local/go/bin" ;; esac
export PATH

# stamp <tag> <message>: one timestamped line
stamp() { printf '[%s %s] %s\n' "$1" "$(date +%H:%M:%S)" "$2"; }

# The Node.js the project runs on: the current LTS line. A machine whose node is older (Debian 12 with Node 20)
# gets this release from the npm registry's `node-linux-<arch>` package (the official binary, nothing fetched from
# elsewhere) into .data/node/<version>, and every script that sources this file runs on it: npm ci, the build,
# the tests and the processes. HUOBAN_NODE_VERSION pins another release; HUOBAN_SYSTEM_NODE=1 keeps the system's.
NODE_LTS_MAJOR=26
NODE_LTS_VERSION="${HUOBAN_NODE_VERSION:-26.12.1}"
use_node_lts() {
  local have arch dir pkg tmp
  have="$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')"
  if [[ "${HUOBAN_SYSTEM_NODE:-}" == 1 ]] || [[ "${have:-0}" -ge "$NODE_LTS_MAJOR" && -z "${HUOBAN_NODE_VERSION:-}" ]]; then return 0; fi
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) stamp node "no node-linux package for $(uname -m): staying on node ${have:-none}"; return 0 ;; esac
  dir="$ROOT/.data/node/$NODE_LTS_VERSION"
  if [[ ! -x "$dir/bin/node" ]]; then
    pkg="node-linux-$arch@$NODE_LTS_VERSION"
    stamp node "node ${have:+v$have }is older than the LTS line $NODE_LTS_MAJOR: fetching $pkg from the npm registry"
    tmp="$(mktemp -d)"
    if ! (cd "$tmp" && npm pack --silent "$pkg" >/dev/null && mkdir -p "$dir" && tar -xzf ./*.tgz -C "$dir" --strip-components=1 package/bin package/LICENSE); then
      rm -rf "$tmp" "$dir"
      stamp node "could not fetch $pkg: staying on node ${have:-none}"
      return 1
    fi
    rm -rf "$tmp"
  fi
  PATH="$dir/bin:$PATH"
  export PATH
}
use_node_lts || true

# Installs the npm dependencies when the checkout has none yet (a fresh clone).
ensure_node_modules() {
  if [[ ! -d node_modules/.bin ]]; then
    stamp "${1:-setup}" "node_modules missing: npm ci"
    npm ci
  fi
}

# Exports HUOBAN_MONGO_URL / HUOBAN_REDIS_URL for the local services unless already set.
# $1: database name used when HUOBAN_MONGO_URL is not set.
export_service_urls() {
  export HUOBAN_MONGO_URL="${HUOBAN_MONGO_URL:-mongodb://127.0.0.1:$HUOBAN_MONGO_PORT/$1}"
  export HUOBAN_REDIS_URL="${HUOBAN_REDIS_URL:-redis://127.0.0.1:$HUOBAN_REDIS_PORT}"
}

# port_busy <port>: true when something listens on 127.0.0.1:<port>
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Debian packages the tests need beyond Node: Chromium and CJK fonts for the browser tests and the letter PDFs,
# poppler-utils to read those PDFs back.
TEST_SYSTEM_PACKAGES=(chromium fonts-wqy-microhei fonts-noto-cjk poppler-utils)

# ensure_debian_packages <tag> <package>...: installs the missing ones with apt-get (as root, or with sudo -n);
# without the rights to do so, stops with the exact command to run.
ensure_debian_packages() {
  local tag="$1" pkg missing=() sudo=()
  shift
  for pkg in "$@"; do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" == 'install ok installed' ]] || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  if ! command -v apt-get >/dev/null; then
    stamp "$tag" "missing system packages: ${missing[*]} (no apt-get here: install them yourself)"
    return 1
  fi
  if [[ "$(id -u)" != 0 ]]; then
    if sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      stamp "$tag" "missing system packages: ${missing[*]}. Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
      return 1
    fi
  fi
  stamp "$tag" "installing system packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive timeout 900 "${sudo[@]}" apt-get update -q </dev/null >/dev/null
  DEBIAN_FRONTEND=noninteractive timeout 900 "${sudo[@]}" apt-get install -y -q "${missing[@]}" </dev/null >/dev/null
}
