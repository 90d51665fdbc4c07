#!/usr/bin/env bash
# Read replicas (docs/operations.md): how long a commit on the indexer takes to be searchable
# on a replica, and what a full copy costs. One master index (content/ plus the shared corpus
# when ../shared/corpus exists), xapian-replicate-server on 127.0.0.1, one replica with its
# sasae-server. Each round adds one note, reindexes the master (changesets kept), then runs one
# xapian-replicate pass (-o) and polls the replica's server until the note is found: the lag a
# replica adds beyond its polling interval (on average half of -i comes on top).
#
#   bench/replication_lag.sh [--rounds N]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
ROUNDS=10
while (($#)); do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    *) echo "usage: $0 [--rounds N]" >&2; exit 2 ;;
  esac
done
WORK="$(mktemp -d)"
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null; rm -rf "$WORK"' EXIT
now() { date +%s.%N; }

roots=(content "extra=$WORK/extra")
corpus=$CORPUS
[[ -d $corpus/awsdocs ]] && roots+=("awsdocs=$corpus/awsdocs" "community=$corpus/community-ja")
mkdir -p "$WORK/master" "$WORK/replica" "$WORK/extra/cases"
export XAPIAN_MAX_CHANGESETS=12
build/indexer/sasae-index --db "$WORK/master/index" -q --exclude index.md "${roots[@]}" > /dev/null || [ $? -eq 1 ]
port=$(free_port)
xapian-replicate-server -I 127.0.0.1 -p "$port" "$WORK/master" > "$WORK/rs.log" 2>&1 &
pids+=($!)
sleep 0.5
replicate() { xapian-replicate -h 127.0.0.1 -p "$port" -m index -o -q "$@" "$WORK/replica/index"; }

t0=$(now); replicate; t1=$(now)
size=$(du -sm "$WORK/master/index" | cut -f1)
docs=$(xapian-delve "$WORK/master/index" | sed -n 's/^number of documents = //p')

sport=$(start_server "$WORK/server.log" --db "$WORK/replica/index" --no-analytics)

commit=() pass=() visible=()
for ((r = 0; r < ROUNDS; r++)); do
  word="zzlag${r}x$RANDOM"
  printf -- '---\ntitle: %s の確認\nservices: [EC2]\ndate: 2026-12-05\n---\n本文 %s\n' "$word" "$word" > "$WORK/extra/cases/lag$r.md"
  a=$(now)
  build/indexer/sasae-index --db "$WORK/master/index" -q --exclude index.md "${roots[@]}" > /dev/null || [ $? -eq 1 ]
  b=$(now); replicate; c=$(now)
  until curl -s "http://127.0.0.1:$sport/api/search?q=$word" | grep -q '"total":1'; do sleep 0.005; done
  d=$(now)
  commit+=("$(echo "$b - $a" | bc)") pass+=("$(echo "$c - $b" | bc)") visible+=("$(echo "$d - $b" | bc)")
done
python3 - "$ROUNDS" "$size" "$docs" "$(echo "$t1 - $t0" | bc)" "${commit[*]}" "${pass[*]}" "${visible[*]}" <<'PY'
import sys, statistics as st
rounds, size, docs, full = sys.argv[1:5]
commit, passes, visible = ([float(x) for x in a.split()] for a in sys.argv[5:8])
ms = lambda xs: f"median {st.median(xs) * 1000:.0f} ms, max {max(xs) * 1000:.0f} ms"
print(f"replication: index {size} MB, {docs} documents; first full copy {float(full):.2f} s")
print(f"  {rounds} rounds of one new note: reindex on the master {ms(commit)}")
print(f"  one xapian-replicate pass (changesets) {ms(passes)}")
print(f"  commit -> searchable on the replica's server {ms(visible)} (plus the wait for the next pass: -i / 2 on average)")
PY
