#!/usr/bin/env bash
# Runs each libFuzzer target (clang, ASan + UBSan; built by scripts/sanitize.sh) for a bounded time.
# Usage: scripts/fuzz.sh [seconds-per-target]   (default 60; CI uses a short run)
# Crashing inputs are written to build-fuzz/crashes/<target>/; keep each one as a regression
# input under tests/fuzz/regressions/<target>/ (they are replayed by every run).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-60}"
BUILD=build-fuzz

if [ ! -x "$BUILD/tests/fuzz/fuzz_ingest" ]; then
  scripts/sanitize.sh >/dev/null  # builds the instrumented tree (and runs its tests)
fi
cmake --build "$BUILD" -j "$(nproc)" --target fuzz_ingest fuzz_analyzer fuzz_query fuzz_suggest_request

seeds="$BUILD/seeds"
rm -rf "$seeds"; mkdir -p "$seeds"/{ingest,analyzer,query,suggest}
cp content/cases/*.md content/docs/*.md "$seeds/ingest/"
find ../shared/corpus -name '*.md' 2>/dev/null | head -40 | xargs -r -I{} cp {} "$seeds/ingest/" || true
printf '%s\n' '<details><summary>ログ</summary>' '' '```' 'AccessDenied' '```' '' '</details>' '' \
  '<div class="x">htmlblockword <b>本文</b> &amp; <table><tr><td>t3</td></tr></table></div>' > "$seeds/ingest/html.md"
cp "$seeds"/ingest/* "$seeds/analyzer/"
printf '%s\n' 'InsufficientInstanceCapacity' '"Direct Connect" -VPN kind:case' 'service:"EC2" 起動しない OR 停止' \
  'arn:aws:iam::123456789012:role/x' 'ＥＣ２ ｲﾝｽﾀﾝｽ サーバー' | split -l 1 - "$seeds/query/q"
printf '%s\n' '{"title":"【緊急】EC2 が起動しない","body":"10:30 JST ap-northeast-1 i-0123456789abcdef0","limit":5}' \
  '{"plan":"developer","severity":"normal","opened_at":"2026-11-27T17:00:00+09:00"}' | split -l 1 - "$seeds/suggest/s"

status=0
for pair in ingest:fuzz_ingest analyzer:fuzz_analyzer query:fuzz_query suggest:fuzz_suggest_request; do
  name="${pair%%:*}"; target="${pair##*:}"
  mkdir -p "$BUILD/crashes/$target" "$BUILD/corpus/$target"
  regressions="tests/fuzz/regressions/$target"
  if [ -d "$regressions" ] && ls "$regressions"/* >/dev/null 2>&1; then
    echo "fuzz: replaying regressions for $target"
    "$BUILD/tests/fuzz/$target" "$regressions"/* || status=1
  fi
  echo "fuzz: $target for ${SECONDS_PER_TARGET}s"
  "$BUILD/tests/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$BUILD/crashes/$target/" -print_final_stats=1 \
    "$BUILD/corpus/$target" "$seeds/$name" 2>"$BUILD/$target.log" || { status=1; tail -40 "$BUILD/$target.log"; }
  grep -E "^stat::number_of_executed_units|^#[0-9]+ +DONE" "$BUILD/$target.log" | tail -2 || true
done
exit "$status"
