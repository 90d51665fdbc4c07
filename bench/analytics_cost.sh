#!/usr/bin/env bash
# What usage analytics cost a search: one sasae-server with analytics on and one with
# --no-analytics, on the same index, loaded in turn by wrk with the bench queries
# (bench/http/queries.txt, every request a first page, so every one is recorded), rounds
# alternating. Prints requests/s and p99 of each and the on/off ratios.
#
#   bench/analytics_cost.sh [--rounds N] [--duration S]
#
# Needs a build (build/indexer/sasae-index, build/server/sasae-server) and wrk. The index is
# content/ plus the shared corpus when ../shared/corpus exists.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
ROUNDS=3 DURATION=15
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--duration S]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "analytics_cost: needs wrk (apt-get install wrk)" >&2; exit 2; }
WORK="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

roots=(content)
corpus=$CORPUS
[[ -d $corpus/awsdocs ]] && roots+=("awsdocs=$corpus/awsdocs" "community=$corpus/community-ja")
build/indexer/sasae-index --db "$WORK/db" -q --exclude index.md "${roots[@]}" > /dev/null || [ $? -eq 1 ]
mkdir -p "$WORK/req"
python3 bench/http/inputs.py paths bench/http/queries.txt bench/http/drafts.jsonl bench/http/groonga_drafts.txt "$WORK/req" > /dev/null

on=$(start_server "$WORK/on.log" --db "$WORK/db" --analytics "$WORK/analytics.sqlite")
off=$(start_server "$WORK/off.log" --db "$WORK/db" --no-analytics)
load() { wrk_result "$1" "$2" "$WORK/req/sasae_search.txt"; }
field() { result_field "$@"; }

load "$on" 3 > /dev/null; load "$off" 3 > /dev/null  # warm both
declare -a rps_on rps_off p99_on p99_off
for ((r = 0; r < ROUNDS; r++)); do
  for side in $( ((r % 2)) && echo "off on" || echo "on off"); do
    port=$([[ $side == on ]] && echo "$on" || echo "$off")
    line=$(load "$port" "$DURATION")
    [[ $(field non200 "$line") == 0 ]] || { echo "analytics_cost: non-200 answers: $line" >&2; exit 1; }
    eval "rps_$side+=($(field rps "$line"))"
    eval "p99_$side+=($(field p99_ms "$line"))"
  done
done
rows=$(sqlite3 "$WORK/analytics.sqlite" 'SELECT COUNT(*) FROM searches' 2>/dev/null || echo "?")
python3 - "$ROUNDS" "$DURATION" "$rows" "${rps_on[*]}" "${rps_off[*]}" "${p99_on[*]}" "${p99_off[*]}" <<'PY'
import sys, statistics as st
rounds, duration, rows = sys.argv[1:4]
on, off, p_on, p_off = ([float(x) for x in a.split()] for a in sys.argv[4:8])
print(f"analytics cost: {rounds} rounds of {duration} s, wrk -t2 -c8, bench/http/queries.txt (rows written: {rows})")
print(f"  requests/s  on {' / '.join(f'{x:.0f}' for x in on)}  off {' / '.join(f'{x:.0f}' for x in off)}"
      f"  ratio on/off {st.mean(on) / st.mean(off):.3f}")
print(f"  p99 ms      on {' / '.join(f'{x:.1f}' for x in p_on)}  off {' / '.join(f'{x:.1f}' for x in p_off)}"
      f"  ratio on/off {st.mean(p_on) / st.mean(p_off):.3f}")
PY
