#!/usr/bin/env bash
# One search over several indexes (docs/operations.md): search requests/s and latency of one
# sasae-server on one local index against the same server on the same documents split into 2
# and into 4 shards, each behind its own xapian-tcpsrv on 127.0.0.1, loaded in turn by wrk with
# the bench queries, rounds alternating. Prints requests/s, p50 and p99 and the ratios to one
# index.
#
#   bench/shards_latency.sh [--rounds N] [--duration S]
#
# Needs a build and wrk. The index is content/ plus the shared corpus when ../shared/corpus exists.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
ROUNDS=2 DURATION=10
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--duration S]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "shards_latency: needs wrk (apt-get install wrk)" >&2; exit 2; }
WORK="$(mktemp -d)"
pids=()
# xapian-tcpsrv answers SIGTERM by signalling its whole process group: SIGKILL.
trap 'kill -9 "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null; rm -rf "$WORK"' EXIT

# Shards by source, as teams or sites would keep them: 2 = {content, AWS docs} and {community};
# 4 = content, the AWS docs of services c-l, those of r-v, and community. Without the shared
# corpus: content/ by kind (cases and docs, blogs; cases, docs, blogs).
corpus=$CORPUS
index() {  # DB ROOTS_AND_OPTIONS...
  local db="$1"; shift
  build/indexer/sasae-index --db "$db" -q --exclude index.md --exclude README.md "$@" > /dev/null || [ $? -eq 1 ]
}
if [[ -d $corpus/awsdocs ]]; then
  aws="awsdocs=$corpus/awsdocs" community="community=$corpus/community-ja"
  index "$WORK/one" content "$aws" "$community"
  index "$WORK/two-0" content "$aws"
  index "$WORK/two-1" "$community"
  index "$WORK/four-0" content
  index "$WORK/four-1" --exclude '[r-v]*/*' "$aws"
  index "$WORK/four-2" --exclude '[c-l]*/*' "$aws"
  index "$WORK/four-3" "$community"
else
  index "$WORK/one" content
  index "$WORK/two-0" --exclude 'blogs/*' content
  index "$WORK/two-1" --exclude 'cases/*' --exclude 'docs/*' content
  index "$WORK/four-0" --exclude 'docs/*' --exclude 'blogs/*' content
  index "$WORK/four-1" --exclude 'cases/*' --exclude 'blogs/*' --exclude 'docs/[r-v]*/*' content
  index "$WORK/four-2" --exclude 'cases/*' --exclude 'blogs/*' --exclude 'docs/[a-q]*/*' content
  index "$WORK/four-3" --exclude 'cases/*' --exclude 'docs/*' content
fi
docs() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }

port=17900
stub() {  # NAME SHARD_DBS... -> writes NAME.stub, one xapian-tcpsrv per shard
  local name="$1"; shift
  : > "$WORK/$name.stub"
  for db in "$@"; do
    port=$((port + 1))
    xapian-tcpsrv --interface 127.0.0.1 --port "$port" --idle-timeout 600000 "$db" > /dev/null 2>&1 &
    pids+=($!)
    echo "remote 127.0.0.1:$port" >> "$WORK/$name.stub"
  done
}
stub two "$WORK/two-0" "$WORK/two-1"
stub four "$WORK/four-0" "$WORK/four-1" "$WORK/four-2" "$WORK/four-3"
sleep 1

mkdir -p "$WORK/req"
python3 bench/http/inputs.py paths bench/http/queries.txt bench/http/drafts.jsonl bench/http/groonga_drafts.txt "$WORK/req" > /dev/null
declare -A port_of
port_of[one]=$(start_server "$WORK/one.log" --db "$WORK/one" --no-analytics)
port_of[two]=$(start_server "$WORK/two.log" --db "$WORK/two.stub" --no-analytics)
port_of[four]=$(start_server "$WORK/four.log" --db "$WORK/four.stub" --no-analytics)
load() { wrk_result "$1" "$2" "$WORK/req/sasae_search.txt"; }
field() { result_field "$@"; }
for n in one two four; do load "${port_of[$n]}" 3 > /dev/null; done  # warm
# One request at a time first: the latency a shard adds when no CPU is short.
for n in one two four; do
  python3 - "${port_of[$n]}" "$WORK/req/sasae_search.txt" "$n" <<'PY'
import sys, time, statistics as st, urllib.request
port, paths, name = sys.argv[1], [l.strip() for l in open(sys.argv[2]) if l.strip()], sys.argv[3]
ms = []
for p in paths:
    t = time.perf_counter()
    urllib.request.urlopen(f"http://127.0.0.1:{port}{p}").read()
    ms.append((time.perf_counter() - t) * 1000)
ms.sort()
print(f"  one at a time, {name:4}: median {st.median(ms):.2f} ms, p90 {ms[int(len(ms) * 0.9)]:.2f} ms ({len(ms)} queries)")
PY
done
declare -A rps p50 p99
for ((r = 0; r < ROUNDS; r++)); do
  order=(one two four); ((r % 2)) && order=(four two one)
  for n in "${order[@]}"; do
    line=$(load "${port_of[$n]}" "$DURATION")
    [[ $(field non200 "$line") == 0 ]] || { echo "shards_latency: non-200 answers from $n: $line" >&2; exit 1; }
    rps[$n]+="$(field rps "$line") "; p50[$n]+="$(field p50_ms "$line") "; p99[$n]+="$(field p99_ms "$line") "
  done
done
python3 - "$ROUNDS" "$DURATION" "$(docs "$WORK/one")" "$(for d in two-0 two-1; do docs "$WORK/$d"; done | paste -sd/)" \
  "$(for d in four-0 four-1 four-2 four-3; do docs "$WORK/$d"; done | paste -sd/)" \
  "${rps[one]}" "${rps[two]}" "${rps[four]}" "${p50[one]}" "${p50[two]}" "${p50[four]}" "${p99[one]}" "${p99[two]}" "${p99[four]}" <<'PY'
import sys, statistics as st
rounds, duration, d1, d2, d4 = sys.argv[1:6]
vals = [[float(x) for x in a.split()] for a in sys.argv[6:]]
rps, p50, p99 = vals[0:3], vals[3:6], vals[6:9]
print(f"shards: {rounds} rounds of {duration} s, wrk -t2 -c8, bench/http/queries.txt; documents {d1} = {d2} = {d4}")
for i, name in enumerate(["1 local index", "2 remote shards", "4 remote shards"]):
    print(f"  {name:16} requests/s {st.mean(rps[i]):7.0f} ({st.mean(rps[i]) / st.mean(rps[0]):.2f}x)"
          f"  p50 {st.mean(p50[i]):6.2f} ms  p99 {st.mean(p99[i]):6.2f} ms ({st.mean(p99[i]) / st.mean(p99[0]):.2f}x)")
PY
