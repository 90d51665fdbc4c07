#!/usr/bin/env bash
# Installs what the tests need, builds, and runs every test: unit, integration (real
# processes over HTTP), the browser test (Debian's Chromium), then the whole suite again
# under ASan/LSan/UBSan, and each fuzz target for a short bounded time.
# Usage: scripts/test.sh [--quick]   (--quick: the normal build's tests only)
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1

[ "$(id -u)" -eq 0 ] && SUDO="" || SUDO="sudo"
need=()
command -v node >/dev/null || need+=(nodejs npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
if ((${#need[@]})); then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund

scripts/setup.sh build
(cd build && ctest --output-on-failure -j 2)
if [ "$QUICK" -eq 0 ]; then
  scripts/sanitize.sh
  scripts/fuzz.sh "${SASAE_FUZZ_SECONDS:-30}"
fi
