#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test (unit, integration, browser).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh build
cd build
ctest --output-on-failure -j 2 "$@"
