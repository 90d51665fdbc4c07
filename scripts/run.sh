#!/usr/bin/env bash
# Builds sasae, indexes the starter content (content/) and serves the page and API.
# Usage: scripts/run.sh [--port N] [extra content roots, e.g. awsdocs=../shared/corpus/awsdocs]
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=8080
if [ "${1:-}" = "--port" ]; then PORT="$2"; shift 2; fi

scripts/setup.sh build
mkdir -p data
# Exit code 1 means some files failed: they are listed above and the rest is indexed.
build/indexer/sasae-index --db data/index content "$@" || [ $? -eq 1 ]
exec build/server/sasae-server --db data/index --web web --port "$PORT"
