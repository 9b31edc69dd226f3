#!/usr/bin/env bash
# npm run seed -- --scale year|10x [--seed N] [--until YYYY-MM-DD] [--reset]: a realistic year of data (test/src/seed)
# in the database `npm start` uses (HUOBAN_DATA_DIR and HUOBAN_MONGO_URL as there), so `npm start` serves it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export_service_urls huoban
ensure_node_modules seed
stamp seed "services (data ${HUOBAN_DATA_DIR:-default})"
bash scripts/services.sh start
stamp seed "build: npm run build:ts"
npm run build:ts
stamp seed "node test/dist/seed/index.js $*"
node test/dist/seed/index.js "$@"
stamp seed "done"
