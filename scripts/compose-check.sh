#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: loads it with compose-spec/compose-go v2 (the loader of
# `docker compose config`) in the default and `ha` profiles and checks the replica set, replicas, Redis AOF and
# noeviction, the hash-tagged queue prefix and the required secrets (scripts/compose-check/main.go).
# Needs Go (/usr/local/go/bin is added to PATH) and the Go module proxy the first time; ~25 s cold, ~3 s warm.
set -euo pipefail
cd "$(dirname "$0")/.."
case ":$PATH:" in *":/usr/local/go/bin:"*) ;; *) [[ -d /usr/local/go/bin ]] && PATH="$PATH:/usr/local/go/bin" ;; esac
if ! command -v go >/dev/null; then
  echo "[compose-check] Go is not installed: cannot load docker-compose.yml" >&2
  exit 1
fi
cd scripts/compose-check
exec go run . ../../docker-compose.yml
