#!/usr/bin/env bash
# Backup and restore of the Huoban database through the MongoDB driver (FerretDB and MongoDB alike).
#   npm run backup  -- <dir> [--url mongodb://…]           every collection (GridFS too) as EJSON + its indexes
#   npm run restore -- <dir> [--url mongodb://…] [--drop]   into a fresh database (--drop replaces collections)
# The database is HUOBAN_MONGO_URL's unless --url is given. See docs/OPERATIONS.md (Backup and restore).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
case "$mode" in
  backup | restore) shift ;;
  *) mode=backup ;;
esac
if [[ ! -f core/dist/ops/backup-cli.js ]]; then
  echo "[$mode] building core (core/dist is missing)" >&2
  node_modules/.bin/tsc -b core
fi
exec node core/dist/ops/backup-cli.js "$mode" "$@"
