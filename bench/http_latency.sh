#!/usr/bin/env bash
# HTTP latency benchmark: sasae-server against Groonga's own HTTP server (`groonga -s`), on the
# same documents and the same queries, side by side in one run, with wrk.
#
#   bench/http_latency.sh [--rounds N] [--duration S] [--warmup S] [--no-wait] [--no-readme]
#
# Defaults: 2 rounds; per test a 5 s warm-up (not counted) then 20 s measured; 8 connections,
# 2 wrk threads; about 6 minutes in all. Environment: SASAE_INDEX, SASAE_SERVER (default
# build/indexer/sasae-index, build/server/sasae-server; copied at start, never built here),
# CORPUS (default ../shared/corpus), BENCH_TMP (default /tmp). Installs wrk, groonga and
# groonga-tokenizer-mecab (Debian packages) when missing.
#
# Documents: content/ plus ../shared/corpus/awsdocs and community-ja (sasae: `sasae-index
# --exclude index.md content awsdocs=… community=…`; Groonga: the same files, link-list items
# as one record each, through bench/groonga_schema.grn = TokenMecab + NormalizerAuto).
# Requests (fixed files in bench/http/, made by bench/http/inputs.py make):
#   search   GET /api/search?q=…  vs  /d/select?table=Docs&match_columns=title*10||body&
#            query=…&sort_keys=-_score&limit=10&output_columns=_key,title,_score
#            (queries.txt; each word quoted for Groonga's query syntax: words ANDed)
#   suggest  POST /api/suggest (drafts.jsonl, 1-4 KB)  vs  the same select with the draft's
#            content words ORed (groonga_drafts.txt), limit=15
#   plus two informational Groonga variants: search with snippet_html(body) in the output,
#   and suggest with only the first 24 content words of the draft.
# Both servers run during the whole benchmark, on 127.0.0.1; the tests alternate between them
# (the order rotates each round). Groonga's query cache is switched off (`cache_limit 0`); sasae
# has none. Every response must be 200 (bench/http/rotate.lua counts statuses). Before the timed
# part the script waits (up to 10 minutes) for a 1-minute load average of at most 1.0, unless
# --no-wait, and before each test until the machine is idle (at most 60 s; CPU used by others
# during each test is reported). Results go to stdout and to bench/README.md between the
# http-latency-results markers.
set -euo pipefail

ROUNDS=2
DURATION=20
WARMUP=5
CONNS=8
WRK_THREADS=2
WAIT=1
WRITE_README=1
COMMAND="bench/http_latency.sh${*:+ $*}"  # as run, before the arguments are consumed
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --no-wait) WAIT=0; shift ;;
        --no-readme) WRITE_README=0; shift ;;
        -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "http_latency.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CONTENT="$REPO/content"
IN="$BENCH_DIR/http"
T_START=$EPOCHREALTIME

# --- tools -------------------------------------------------------------------------------------
need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
command -v groonga >/dev/null || need_pkgs+=(groonga)
compgen -G "/usr/lib/*/groonga/plugins/tokenizers/mecab.so" >/dev/null || need_pkgs+=(groonga-tokenizer-mecab)
command -v curl >/dev/null || need_pkgs+=(curl)
install_packages "${need_pkgs[@]}"
require_built "$SASAE_INDEX" "$SASAE_SERVER"

WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/sasae-http.XXXXXX")"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/req" "$WORK/out"

# One copy of each binary for the whole run, even if build/ is rebuilt meanwhile.
cp "$SASAE_INDEX" "$WORK/sasae-index"
cp "$SASAE_SERVER" "$WORK/sasae-server"
BIN_MTIME="$(date -u -r "$SASAE_SERVER" '+%Y-%m-%d %H:%M:%S UTC')"
GIT_REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$REPO" status --porcelain -- core indexer server CMakeLists.txt 2>/dev/null)" ]]; then
    GIT_REV="$GIT_REV + uncommitted changes in core/indexer/server"
fi

# --- the documents -----------------------------------------------------------------------------
say "indexing (sasae-index, then Groonga)"
t0=$EPOCHREALTIME
"$WORK/sasae-index" --db "$WORK/sasae-db" -q --exclude index.md "$CONTENT" \
    awsdocs="$CORPUS/awsdocs" community="$CORPUS/community-ja" > "$WORK/out/index.out" 2>&1 ||
    { say "sasae-index failed:"; tail -20 "$WORK/out/index.out" >&2; exit 1; }
grep -q ' 0 failed' "$WORK/out/index.out" || { say "sasae-index reported failures:"; cat "$WORK/out/index.out" >&2; exit 1; }
SASAE_INDEX_S=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

# The same file list as bench/indexing.sh (what sasae-index reads under the two corpus roots).
(
    cd "$CORPUS"
    for r in awsdocs community-ja; do
        find "$r" \( -name '.*' -o -name node_modules \) -prune -o -type f \
            \( -name '*.md' -o -name '*.markdown' \) ! -name '_*' ! -name index.md -print |
            { grep -v -x -e "$r/README.md" -e "$r/readme.md" || true; }
    done
) | LC_ALL=C sort > "$WORK/files.txt"
python3 "$BENCH_DIR/groonga_load.py" "$CORPUS" "$WORK/files.txt" "$WORK/load.grn"
python3 "$IN/inputs.py" groonga-content "$CONTENT" "$WORK/content.grn" > /dev/null
mkdir "$WORK/groonga"
cat "$BENCH_DIR/groonga_schema.grn" "$WORK/load.grn" "$WORK/content.grn" |
    groonga --log-path "$WORK/groonga-load.log" -n "$WORK/groonga/db" > "$WORK/out/groonga-load.out"
if grep -q -v '^\[\[0,' "$WORK/out/groonga-load.out"; then
    say "groonga load failed:"; head -c 2000 "$WORK/out/groonga-load.out" >&2; exit 1
fi

# --- servers -----------------------------------------------------------------------------------
SASAE_PORT=$(free_port)
"$WORK/sasae-server" --db "$WORK/sasae-db" --host 127.0.0.1 --port "$SASAE_PORT" --no-access-log \
    > "$WORK/out/sasae-server.log" 2>&1 &
SASAE_PID=$!; PIDS+=("$SASAE_PID")
GROONGA_PORT=$(free_port)
while [[ $GROONGA_PORT == "$SASAE_PORT" ]]; do GROONGA_PORT=$(free_port); done
groonga -s --protocol http --bind-address 127.0.0.1 --port "$GROONGA_PORT" \
    --log-path "$WORK/groonga-server.log" "$WORK/groonga/db" > "$WORK/out/groonga-server.out" 2>&1 &
GROONGA_PID=$!; PIDS+=("$GROONGA_PID")
SASAE="http://127.0.0.1:$SASAE_PORT"
GROONGA="http://127.0.0.1:$GROONGA_PORT"
for _ in $(seq 100); do
    curl -sf "$SASAE/healthz" > /dev/null && curl -sf "$GROONGA/d/status" > /dev/null && break
    sleep 0.1
done
SASAE_DOCS=$(curl -sf "$SASAE/healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin)["documents"])')
GROONGA_DOCS=$(curl -sf "$GROONGA/d/select?table=Docs&limit=0" | python3 -c 'import json, sys; print(json.load(sys.stdin)[1][0][0][0])')
curl -sf "$GROONGA/d/cache_limit?max=0" > /dev/null
say "documents: sasae $SASAE_DOCS, Groonga $GROONGA_DOCS"
[[ "$SASAE_DOCS" == "$GROONGA_DOCS" ]] || say "WARNING: the document counts differ"

# --- requests ----------------------------------------------------------------------------------
python3 "$IN/inputs.py" paths "$IN/queries.txt" "$IN/drafts.jsonl" "$IN/groonga_drafts.txt" "$WORK/req"
NQUERIES=$(grep -c . "$IN/queries.txt")
NDRAFTS=$(grep -c . "$IN/drafts.jsonl")
say "checking every request once on each server (sequential; also a warm-up)"
python3 "$IN/inputs.py" check "$SASAE" "$GROONGA" "$WORK/req" > "$WORK/check.txt" ||
    { cat "$WORK/check.txt" >&2; say "some requests did not answer 200 with a valid result"; exit 1; }
cat "$WORK/check.txt" >&2

# --- wait for a quiet machine ------------------------------------------------------------------
load1() { cut -d' ' -f1 /proc/loadavg; }
LOAD_FIRST=$(cut -d' ' -f1-3 /proc/loadavg)
WAITED=0
if [[ $WAIT -eq 1 ]]; then
    while awk -v l="$(load1)" 'BEGIN { exit !(l > 1.0) }' && [[ $WAITED -lt 600 ]]; do
        say "load average $(cut -d' ' -f1-3 /proc/loadavg) > 1.0: waiting 60 s (waited ${WAITED} s)"
        sleep 60; WAITED=$((WAITED + 60))
    done
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the tests ---------------------------------------------------------------------------------
# cpu_ticks PID: user + system clock ticks of a process so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
# busy_ticks: busy clock ticks of the whole machine so far (all CPUs, /proc/stat).
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
printf 'round\tendpoint\tcontender\trps\tp50_ms\tp90_ms\tp99_ms\tmax_ms\trequests\tnon200\terrors\tserver_cpu_s\twrk_cpu_s\tother_cores\tload1\n' \
    > "$WORK/results.tsv"

# quiet: before each test (both servers idle), waits while the machine's CPU use over 1 s is
# above 0.25 cores (other people's work), 10 s at a time, at most 60 s per test and 300 s in all.
QUIET_WAITED=0
quiet() {
    local waited=0 a b busy
    while :; do
        a=$(busy_ticks); sleep 1; b=$(busy_ticks)
        busy=$(awk -v d=$((b - a)) -v t="$TICK" 'BEGIN { printf "%.2f", d / t }')
        awk -v x="$busy" 'BEGIN { exit !(x < 0.25) }' && break
        if [[ $waited -ge 60 || $QUIET_WAITED -ge 300 ]]; then
            say "  (machine busy: $busy cores in use before the test; going ahead)"; break
        fi
        sleep 9; waited=$((waited + 10)); QUIET_WAITED=$((QUIET_WAITED + 10))
    done
}

# run ROUND ENDPOINT CONTENDER URL PID FILE [post PATH]
run() {
    local round=$1 endpoint=$2 name=$3 url=$4 pid=$5; shift 5
    local out="$WORK/out/$round-$endpoint-$name" t0 t1 b0 b1 line
    quiet
    wrk -t "$WRK_THREADS" -c "$CONNS" -d "${WARMUP}s" --timeout 10s -s "$IN/rotate.lua" "$url" -- "$@" \
        > "$out.warmup" 2>&1 || { say "wrk failed:"; cat "$out.warmup" >&2; exit 1; }
    t0=$(cpu_ticks "$pid"); b0=$(busy_ticks)
    local TIMEFORMAT='%U %S'
    { time wrk -t "$WRK_THREADS" -c "$CONNS" -d "${DURATION}s" --timeout 10s --latency -s "$IN/rotate.lua" \
        "$url" -- "$@" > "$out.txt" 2>&1; } 2> "$out.time" || { say "wrk failed:"; cat "$out.txt" >&2; exit 1; }
    t1=$(cpu_ticks "$pid"); b1=$(busy_ticks)
    line=$(grep '^RESULT ' "$out.txt" | tail -1)
    [[ -n "$line" ]] || { say "no RESULT line from wrk:"; cat "$out.txt" >&2; exit 1; }
    for f in "$out.warmup" "$out.txt"; do
        if ! grep -q '^RESULT .* non200=0 ' "$f" || grep -q 'Socket errors' "$f"; then
            say "WARNING: $name $endpoint: non-200 responses or socket errors:"; grep -E '^RESULT|Socket|Non-2xx' "$f" >&2
        fi
    done
    python3 - "$line" "$round" "$endpoint" "$name" "$t0" "$t1" "$TICK" "$(cat "$out.time")" \
        "$(load1)" "$b0" "$b1" >> "$WORK/results.tsv" <<'EOF'
import sys
line, rnd, ep, name, t0, t1, tick, wrk_time, load, b0, b1 = sys.argv[1:12]
kv = dict(p.split("=", 1) for p in line.split()[1:])
errs = sum(int(kv[k]) for k in kv if k.startswith("errors_"))
wrk_cpu = sum(float(x) for x in wrk_time.split())
server = (int(t1) - int(t0)) / int(tick)
other = max(0.0, (int(b1) - int(b0)) / int(tick) - server - wrk_cpu) / float(kv["duration_s"])
print("\t".join([rnd, ep, name, kv["rps"], kv["p50_ms"], kv["p90_ms"], kv["p99_ms"], kv["max_ms"],
                 kv["requests"], kv["non200"], str(errs),
                 "%.2f" % server, "%.2f" % wrk_cpu, "%.2f" % other, load]))
EOF
    say "  $(printf '%-8s %-22s' "$endpoint" "$name") $(tail -1 "$WORK/results.tsv" |
        awk -F'\t' '{ printf "%8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  non-200 %s  other CPU %s", $4, $5, $7, $10, $14 }')"
}

search_sasae() { run "$1" search sasae "$SASAE" "$SASAE_PID" "$WORK/req/sasae_search.txt"; }
search_groonga() { run "$1" search groonga "$GROONGA" "$GROONGA_PID" "$WORK/req/groonga_search.txt"; }
search_groonga-snippets() { run "$1" search groonga-snippets "$GROONGA" "$GROONGA_PID" "$WORK/req/groonga_search_snip.txt"; }
suggest_sasae() { run "$1" suggest sasae "$SASAE" "$SASAE_PID" "$WORK/req/sasae_suggest.txt" post /api/suggest; }
suggest_groonga() { run "$1" suggest groonga "$GROONGA" "$GROONGA_PID" "$WORK/req/groonga_suggest.txt"; }
suggest_groonga-24words() { run "$1" suggest groonga-24words "$GROONGA" "$GROONGA_PID" "$WORK/req/groonga_suggest24.txt"; }

SEARCH=(sasae groonga groonga-snippets)
SUGGEST=(sasae groonga groonga-24words)
T_TESTS=$EPOCHREALTIME
for ((round = 1; round <= ROUNDS; round++)); do
    say "round $round/$ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    for ((k = 0; k < ${#SEARCH[@]}; k++)); do
        "search_${SEARCH[$(((k + round - 1) % ${#SEARCH[@]}))]}" "$round"
    done
    for ((k = 0; k < ${#SUGGEST[@]}; k++)); do
        "suggest_${SUGGEST[$(((k + round - 1) % ${#SUGGEST[@]}))]}" "$round"
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
# Groonga starts its worker threads on demand and logs "thread start (i/N)".
GROONGA_THREADS=$(sed -n 's/.*thread start ([0-9]*\/\([0-9]*\)).*/\1/p' "$WORK/groonga-server.log" | sort -n | tail -1)

# --- report ------------------------------------------------------------------------------------
cat > "$WORK/meta.json" <<EOF
{"date": "$(date -u '+%Y-%m-%d %H:%M UTC')", "command": "$COMMAND",
 "nproc": "$(nproc)", "cpu": "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)",
 "mem_gib": "$(awk '/MemTotal/ { printf "%d", $2 / 1048576 + 0.5 }' /proc/meminfo)",
 "kernel": "$(uname -r)", "rev": "$GIT_REV", "bin_mtime": "$BIN_MTIME",
 "wrk": "$(wrk -v 2>&1 | head -1 | awk '{ print $2 }')", "groonga": "$(groonga --version | head -1 | awk '{ print $2 }')",
 "groonga_threads": "$GROONGA_THREADS", "docs_sasae": "$SASAE_DOCS", "docs_groonga": "$GROONGA_DOCS",
 "queries": $NQUERIES, "drafts": $NDRAFTS, "rounds": $ROUNDS, "duration": $DURATION, "warmup": $WARMUP,
 "conns": $CONNS, "wrk_threads": $WRK_THREADS, "sasae_index_s": "$SASAE_INDEX_S",
 "load_first": "$LOAD_FIRST", "waited_s": $WAITED, "quiet_waited_s": $QUIET_WAITED, "load_before": "$LOAD_BEFORE", "load_after": "$LOAD_AFTER",
 "tests_s": $(awk -v a="$T_TESTS" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }'),
 "total_s": $(awk -v a="$T_START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')}
EOF
if [[ $WRITE_README -eq 1 ]]; then
    python3 "$IN/report.py" "$WORK/results.tsv" "$WORK/meta.json" "$WORK/check.txt" --readme "$BENCH_DIR/README.md"
    cp "$WORK/results.tsv" "$IN/last_results.tsv"
else
    python3 "$IN/report.py" "$WORK/results.tsv" "$WORK/meta.json" "$WORK/check.txt"
fi
