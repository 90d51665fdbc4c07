#!/usr/bin/env bash
# Search latency while the index is reindexed under it: sasae-server answering the bench
# queries with nothing else running ("quiet"), and while sasae-index commits a new revision
# every few seconds ("reindexing": one starter note changed before each run, as the periodic
# job would find it), side by side in one run, the order alternating each round.
#
#   bench/reindex_latency.sh [--rounds N] [--duration S] [--every S] [--no-readme]
#
# Defaults: 2 rounds; per test a 5 s warm-up (not counted) then 20 s measured; a reindex every
# 5 s (the deployed timer runs every 10 minutes: this is the worst case, four commits a test);
# 8 connections and 2 wrk threads as in bench/http_latency.sh. About 2 minutes. Environment:
# SASAE_INDEX, SASAE_SERVER (default build/indexer/sasae-index, build/server/sasae-server;
# copied at start), CORPUS (default ../shared/corpus), BENCH_TMP (default /tmp). Documents:
# a copy of content/ plus the corpus's awsdocs and community-ja, as in http_latency.sh.
# Results go to stdout and to bench/README.md between the reindex-latency-results markers.
set -euo pipefail

ROUNDS=2
DURATION=20
WARMUP=5
EVERY=5
CONNS=8
WRK_THREADS=2
WRITE_README=1
COMMAND="bench/reindex_latency.sh${*:+ $*}"  # as run, before the arguments are consumed
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --every) EVERY="$2"; shift 2 ;;
        --no-readme) WRITE_README=0; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "reindex_latency.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
IN="$BENCH_DIR/http"

need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
command -v curl >/dev/null || need_pkgs+=(curl)
install_packages "${need_pkgs[@]}"
require_built "$SASAE_INDEX" "$SASAE_SERVER"

WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/sasae-reindex.XXXXXX")"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
cp "$SASAE_INDEX" "$WORK/sasae-index"
cp "$SASAE_SERVER" "$WORK/sasae-server"
cp -r "$REPO/content" "$WORK/content"
mkdir "$WORK/out"
: > "$WORK/out/reindex.out"
GIT_REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"

index() {
    "$WORK/sasae-index" --db "$WORK/db" -q --exclude index.md "$WORK/content" \
        awsdocs="$CORPUS/awsdocs" community="$CORPUS/community-ja"
}
say "indexing"
index > "$WORK/out/index.out" 2>&1 || { say "sasae-index failed:"; tail -20 "$WORK/out/index.out" >&2; exit 1; }

PORT=$(free_port)
"$WORK/sasae-server" --db "$WORK/db" --host 127.0.0.1 --port "$PORT" --no-access-log > "$WORK/out/server.log" 2>&1 &
SERVER_PID=$!; PIDS+=("$SERVER_PID")
URL="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$URL/healthz" > /dev/null && break; sleep 0.1; done
mkdir "$WORK/req"
python3 "$IN/inputs.py" paths "$IN/queries.txt" "$IN/drafts.jsonl" "$IN/groonga_drafts.txt" "$WORK/req"
REQ="$WORK/req/sasae_search.txt"

# The note the reindex loop changes: a line appended before each run, so each commit updates
# one document (and the run records itself, as every run does).
NOTE="$(find "$WORK/content/cases" -name '*.md' | LC_ALL=C sort | head -1)"
reindex_loop() {
    local n=0
    while :; do
        sleep "$EVERY"
        n=$((n + 1))
        printf '\n追記 %d: 再インデックスの計測。\n' "$n" >> "$NOTE"
        index >> "$WORK/out/reindex.out" 2>&1 || echo "FAILED" >> "$WORK/out/reindex.out"
    done
}

printf 'round\ttest\trps\tp50_ms\tp99_ms\tmax_ms\tnon200\treindexes\n' > "$WORK/results.tsv"
measure() {
    local round=$1 test=$2 out="$WORK/out/$1-$2" loop=""
    wrk -t "$WRK_THREADS" -c "$CONNS" -d "${WARMUP}s" --timeout 10s -s "$IN/rotate.lua" "$URL" -- "$REQ" > "$out.warmup" 2>&1
    local runs_before runs_after
    runs_before=$(grep -c '^sasae-index:' "$WORK/out/reindex.out" || true)
    if [[ $test == reindexing ]]; then reindex_loop & loop=$!; fi
    wrk -t "$WRK_THREADS" -c "$CONNS" -d "${DURATION}s" --timeout 10s --latency -s "$IN/rotate.lua" "$URL" -- "$REQ" > "$out.txt" 2>&1
    if [[ -n $loop ]]; then kill "$loop"; wait "$loop" 2>/dev/null || true; fi
    runs_after=$(grep -c '^sasae-index:' "$WORK/out/reindex.out" || true)
    local line
    line=$(grep '^RESULT ' "$out.txt" | tail -1)
    [[ -n "$line" ]] || { say "no RESULT line from wrk:"; cat "$out.txt" >&2; exit 1; }
    python3 - "$line" "$round" "$test" "$((runs_after - runs_before))" >> "$WORK/results.tsv" <<'EOF'
import sys
line, rnd, test, runs = sys.argv[1:5]
kv = dict(p.split("=", 1) for p in line.split()[1:])
print("\t".join([rnd, test, kv["rps"], kv["p50_ms"], kv["p99_ms"], kv["max_ms"], kv["non200"], runs]))
EOF
    say "  $(tail -1 "$WORK/results.tsv" | awk -F'\t' '{ printf "%-11s %8.1f req/s  p50 %6.2f ms  p99 %6.2f ms  max %6.1f ms  non-200 %s  reindexes %s", $2, $3, $4, $5, $6, $7, $8 }')"
}

T0=$EPOCHREALTIME
for ((round = 1; round <= ROUNDS; round++)); do
    say "round $round/$ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    if ((round % 2)); then order=(quiet reindexing); else order=(reindexing quiet); fi
    for t in "${order[@]}"; do measure "$round" "$t"; done
done
if grep -q FAILED "$WORK/out/reindex.out"; then say "a reindex run failed:"; cat "$WORK/out/reindex.out" >&2; exit 1; fi
UPDATED=$(grep -c ' 1 updated' "$WORK/out/reindex.out" || true)
RUNS=$(grep -c '^sasae-index:' "$WORK/out/reindex.out" || true)
[[ $RUNS -gt 0 ]] || { say "no reindex ran during the tests: --duration must be longer than --every"; exit 2; }
RUN_S=$(sed -n 's/.*documents; \([0-9.]*\) s;.*/\1/p' "$WORK/out/reindex.out" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')

python3 - "$WORK/results.tsv" "$WRITE_README" "$BENCH_DIR/README.md" <<EOF
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def mean(test, key): return statistics.mean(float(r[key]) for r in rows if r["test"] == test)
def per_round(test, key): return ", ".join("%.1f" % float(r[key]) for r in rows if r["test"] == test)
lines = [
    "Run of $(date -u '+%Y-%m-%d %H:%M UTC'): \`$COMMAND\`; sasae commit $GIT_REV; $ROUNDS rounds, each test ${WARMUP} s of warm-up then ${DURATION} s measured, $CONNS connections, $WRK_THREADS wrk threads; a reindex every ${EVERY} s while \"reindexing\" ($RUNS runs, $UPDATED of them updating the changed note; median run $RUN_S s).",
    "",
    "| search while | requests/s | p50 ms | p99 ms | max ms | p99 ms per round | non-200 |",
    "|---|---:|---:|---:|---:|---|---:|",
]
for test, label in (("quiet", "nothing else runs"), ("reindexing", "sasae-index commits every ${EVERY} s")):
    lines.append("| %s | %.0f | %.2f | %.2f | %.1f | %s | %d |" % (
        label, mean(test, "rps"), mean(test, "p50_ms"), mean(test, "p99_ms"), mean(test, "max_ms"),
        per_round(test, "p99_ms"), sum(int(r["non200"]) for r in rows if r["test"] == test)))
lines += ["", "- p99 while reindexing / quiet: **%.2f**; requests/s: %.2f" % (
    mean("reindexing", "p99_ms") / mean("quiet", "p99_ms"), mean("reindexing", "rps") / mean("quiet", "rps"))]
text = "\n".join(lines)
print(text)
if sys.argv[2] == "1":
    path = sys.argv[3]
    readme = open(path).read()
    begin, end = "<!-- reindex-latency-results:begin -->", "<!-- reindex-latency-results:end -->"
    head, rest = readme.split(begin)
    _, tail = rest.split(end)
    open(path, "w").write(head + begin + "\n" + text + "\n" + end + tail)
    print("(written to %s)" % path, file=sys.stderr)
EOF
say "measured part $(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
