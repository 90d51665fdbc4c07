#!/usr/bin/env bash
# Indexing throughput benchmark: sasae-index against MeCab's raw tokenization and Groonga,
# all on the same files in one run, plus sasae's incremental runs.
#
#   bench/indexing.sh [--rounds N] [--no-readme]
#
# Environment: SASAE_INDEX (default build/indexer/sasae-index), CORPUS (default ../shared/corpus,
# relative to the repository), BENCH_TMP (default /tmp). Needs mecab + mecab-ipadic-utf8,
# groonga + groonga-tokenizer-mecab and python3; installs the Debian packages when missing.
#
# Contenders (each round runs all of them, in a rotated order; the median of the rounds counts):
#   mecab            mecab -Owakati over the concatenated bytes of the files (the floor)
#   groonga          empty database, schema with TokenMecab/NormalizerAuto full-text indexes
#                    (WITH_POSITION) on title and body, then `load` of every document
#   groonga-static   the same, but the indexes are created after the load (Groonga's bulk path)
#   sasae            sasae-index --full into an empty index directory
# Then, on the index of the last sasae round: a no-change incremental run over the whole
# corpus, and incremental runs after changing 1 file and 1% of the files (in a temporary copy
# of the corpus; the shared corpus is never modified).
#
# Files: every *.md file sasae-index indexes under awsdocs/ and community-ja/, i.e. without
# index.md (excluded with --exclude), the roots' README.md and names starting with '_' or '.'.
# All contenders read exactly this list. Results go to stdout and to the results section of
# bench/README.md (between the indexing-results markers).
set -euo pipefail

ROUNDS=3
WRITE_README=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --no-readme) WRITE_README=0; shift ;;
        -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "indexing.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ROOTS=(awsdocs community-ja)
LABELS=(awsdocs community)

# --- tools -------------------------------------------------------------------------------------
need_pkgs=()
command -v mecab >/dev/null || need_pkgs+=(mecab)
[[ -e /var/lib/mecab/dic/ipadic-utf8/sys.dic ]] || need_pkgs+=(mecab-ipadic-utf8)
command -v groonga >/dev/null || need_pkgs+=(groonga)
compgen -G "/usr/lib/*/groonga/plugins/tokenizers/mecab.so" >/dev/null || need_pkgs+=(groonga-tokenizer-mecab)
install_packages "${need_pkgs[@]}"
require_built "$SASAE_INDEX"

WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/sasae-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/times" "$WORK/out"

# Use one copy of the binary for the whole run, even if build/ is rebuilt meanwhile.
cp "$SASAE_INDEX" "$WORK/sasae-index"
BIN="$WORK/sasae-index"
BIN_MTIME="$(date -u -r "$SASAE_INDEX" '+%Y-%m-%d %H:%M:%S UTC')"
GIT_REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$REPO" status --porcelain -- core indexer server CMakeLists.txt 2>/dev/null)" ]]; then
    GIT_REV="$GIT_REV + uncommitted changes in core/indexer/server"
fi

# --- the file list -----------------------------------------------------------------------------
(
    cd "$CORPUS"
    for r in "${ROOTS[@]}"; do
        find "$r" \( -name '.*' -o -name node_modules \) -prune -o -type f \
            \( -name '*.md' -o -name '*.markdown' \) ! -name '_*' ! -name index.md -print |
            { grep -v -x -e "$r/README.md" -e "$r/readme.md" || true; }
    done
) | LC_ALL=C sort > "$WORK/files.txt"
tr '\n' '\0' < "$WORK/files.txt" > "$WORK/files.0"
NFILES=$(wc -l < "$WORK/files.txt")
BYTES=$( (cd "$CORPUS" && du -cb --apparent-size --files0-from="$WORK/files.0" | tail -1 | cut -f1) )
MIB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')
say "corpus: $NFILES files, $MIB MiB ($BYTES bytes) under $CORPUS"

SASAE_ARGS=(-q --exclude index.md)
for i in "${!ROOTS[@]}"; do SASAE_ARGS+=("${LABELS[$i]}=$CORPUS/${ROOTS[$i]}"); done

# Groonga's input: a `load` command with one JSON record per file, made once, not timed.
t0=$EPOCHREALTIME
python3 "$BENCH_DIR/groonga_load.py" "$CORPUS" "$WORK/files.txt" "$WORK/load.grn"
GEN_SECONDS=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
grep -v -e '^column_create Terms' "$BENCH_DIR/groonga_schema.grn" > "$WORK/schema_tables.grn"
grep -e '^column_create Terms' "$BENCH_DIR/groonga_schema.grn" > "$WORK/schema_indexes.grn"

# --- contenders ---------------------------------------------------------------------------------
run_mecab() {
    (cd "$CORPUS" && xargs -0 cat < "$WORK/files.0") | mecab -Owakati -b 1048576 > /dev/null
}
check_mecab() { [[ ! -s "$1" ]] || { cat "$1" >&2; return 1; }; }

groonga_db() { rm -rf "$WORK/groonga"; mkdir "$WORK/groonga"; }
run_groonga() {
    groonga_db
    cat "$BENCH_DIR/groonga_schema.grn" "$WORK/load.grn" |
        groonga --log-path "$WORK/groonga.log" -n "$WORK/groonga/db"
}
run_groonga-static() {
    groonga_db
    cat "$WORK/schema_tables.grn" "$WORK/load.grn" "$WORK/schema_indexes.grn" |
        groonga --log-path "$WORK/groonga.log" -n "$WORK/groonga/db"
}
check_groonga() {
    # Every command answers [[0,...],...]; the load answers the number of records loaded.
    if grep -q -v '^\[\[0,' "$1" || ! grep -q ",$NFILES\]\$" "$1"; then
        say "groonga failed:"; head -c 2000 "$1" >&2; return 1
    fi
    du -sk "$WORK/groonga" | cut -f1 > "$WORK/out/$2_kib"
}
check_groonga-static() { check_groonga "$@"; }

run_sasae() {
    rm -rf "$WORK/sasae-db"
    "$BIN" --db "$WORK/sasae-db" --full "${SASAE_ARGS[@]}"
}
check_sasae() {
    if ! grep -q "^sasae-index: $NFILES added, 0 updated, 0 deleted, 0 unchanged, 0 failed" "$1"; then
        say "sasae-index did not index the $NFILES files as expected:"; cat "$1" >&2; return 1
    fi
    sed -n 's/.*documents; \([0-9.]*\) s;.*/\1/p' "$1" >> "$WORK/times/sasae.self"
    du -sk "$WORK/sasae-db" | cut -f1 > "$WORK/out/sasae_kib"
}

# timed NAME: runs run_NAME, appends "wall cpu" seconds to times/NAME, checks its output.
timed() {
    local name=$1 out="$WORK/out/$1.out" t
    local TIMEFORMAT='%R %U %S'
    if ! { time "run_$name" > "$out" 2>&1; } 2> "$WORK/out/time"; then
        say "$name failed:"; tail -n 20 "$out" >&2; exit 1
    fi
    "check_$name" "$out" "$name" || exit 1
    t=$(tail -n 1 "$WORK/out/time")
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<< "$t" >> "$WORK/times/$name"
    say "  $(printf '%-15s' "$name") $(awk '{ printf "%7.2f s wall  %7.2f s cpu", $1, $2 + $3 }' <<< "$t")"
}

CONTENDERS=(mecab groonga groonga-static sasae)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# Warm-up, not timed: the files and the MeCab dictionary into the page cache.
(cd "$CORPUS" && xargs -0 cat < "$WORK/files.0") > /dev/null
head -c 100000 "$WORK/load.grn" | mecab -Owakati -b 1048576 > /dev/null

for ((round = 0; round < ROUNDS; round++)); do
    say "round $((round + 1))/$ROUNDS"
    for ((k = 0; k < ${#CONTENDERS[@]}; k++)); do
        timed "${CONTENDERS[$(((k + round) % ${#CONTENDERS[@]}))]}"
    done
done

# --- sasae incremental runs ---------------------------------------------------------------------
# inc NAME DB ROOT_DIR EXPECT: one incremental run; appends its wall seconds to times/NAME.
inc() {
    local name=$1 db=$2 dir=$3 expect=$4 out="$WORK/out/$1.out" args=(-q --exclude index.md)
    for i in "${!ROOTS[@]}"; do args+=("${LABELS[$i]}=$dir/${ROOTS[$i]}"); done
    local TIMEFORMAT='%R %U %S'
    { time "$BIN" --db "$db" "${args[@]}" > "$out" 2>&1; } 2> "$WORK/out/time" ||
        { say "$name failed:"; cat "$out" >&2; exit 1; }
    grep -q "^sasae-index: $expect" "$out" || { say "$name: expected '$expect', got:"; cat "$out" >&2; exit 1; }
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' < "$WORK/out/time" >> "$WORK/times/$name"
    say "  $(printf '%-15s' "$name") $(awk '{ printf "%7.2f s wall", $1 }' < "$WORK/out/time")"
}

say "incremental runs"
# No change, over the shared corpus itself, on the index the last --full round built.
for ((r = 0; r < ROUNDS; r++)); do
    inc nochange "$WORK/sasae-db" "$CORPUS" "0 added, 0 updated, 0 deleted, $NFILES unchanged, 0 failed"
done
# Changes, in a copy of the corpus (ids and hashes depend only on labels and relative paths,
# so the copied index sees the copy as unchanged until a file is edited).
mkdir -p "$WORK/corpus"
for r in "${ROOTS[@]}"; do cp -a "$CORPUS/$r" "$WORK/corpus/"; done
cp -a "$WORK/sasae-db" "$WORK/inc-db"
edit() {  # edit N-th files: appends a sentence to every file whose line number in the list is in "$@"
    for n in "$@"; do
        printf '\nBenchmark edit %s: インスタンスの起動を確認しました (i-0123456789abcdef0).\n' "$RANDOM" \
            >> "$WORK/corpus/$(sed -n "${n}p" "$WORK/files.txt")"
    done
}
ONE_PCT=$(( (NFILES + 99) / 100 ))
for ((r = 0; r < ROUNDS; r++)); do
    edit $(( 1 + (r * 997) % NFILES ))
    inc one_file "$WORK/inc-db" "$WORK/corpus" "0 added, 1 updated, 0 deleted, $((NFILES - 1)) unchanged, 0 failed"
    # 1%: every 100th file, a different offset each round.
    picks=$(awk -v n="$NFILES" -v k="$ONE_PCT" -v o="$((r * 37))" \
        'BEGIN { for (i = 0; i < k; i++) print 1 + (o + i * int(n / k)) % n }')
    edit $picks
    inc one_pct "$WORK/inc-db" "$WORK/corpus" "0 added, $ONE_PCT updated, 0 deleted, $((NFILES - ONE_PCT)) unchanged, 0 failed"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report -------------------------------------------------------------------------------------
median() {  # median of column $2 of file $1
    awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
all_walls() { awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }' "$1"; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

declare -A WALL CPU
for c in "${CONTENDERS[@]}" nochange one_file one_pct; do
    WALL[$c]=$(median "$WORK/times/$c" 1)
    CPU[$c]=$(median "$WORK/times/$c" 2)
done
SELF=$(median "$WORK/times/sasae.self" 1)
CPU_MODEL=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
MEM=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
VERSIONS="MeCab $(mecab -v 2>&1 | head -1 | awk '{ print $NF }') (IPADIC); $(groonga --version | head -1 | cut -d' ' -f1,2); Xapian $(dpkg-query -W -f='${Version}' libxapian30 2>/dev/null || echo '?')"
disk_mib() { awk -v k="$(cat "$WORK/out/$1_kib")" 'BEGIN { printf "%.0f", k / 1024 }'; }

label() {
    case "$1" in
        mecab) echo 'mecab -Owakati (raw tokenization)' ;;
        groonga) echo 'Groonga: schema with indexes, then load' ;;
        groonga-static) echo 'Groonga: load, then create indexes' ;;
        sasae) echo 'sasae-index --full' ;;
    esac
}

{
    echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC'): $ROUNDS rounds, all contenders in every round (rotated order);"
    echo "each number is the median of the rounds. Warm page cache."
    echo
    echo "- machine: $(nproc) cores ($CPU_MODEL), $MEM RAM, $(uname -sr); load average before $LOAD_BEFORE, after $LOAD_AFTER"
    echo "- sasae: commit $GIT_REV, binary built $BIN_MTIME"
    echo "- tools: $VERSIONS"
    echo "- corpus: $NFILES files, $MIB MiB (\`awsdocs/\` and \`community-ja/\` without \`index.md\`, README.md, \`_*\` files)"
    echo "- command: \`bench/indexing.sh --rounds $ROUNDS\`"
    echo
    echo "| contender | wall s (median) | MiB/s | CPU s (user+sys) | wall s per round | sasae speed relative to it |"
    echo "|---|---:|---:|---:|---|---:|"
    for c in "${CONTENDERS[@]}"; do
        rel="$(div "${WALL[$c]}" "${WALL[sasae]}")×"; [[ $c == sasae ]] && rel="1×"
        echo "| $(label "$c") | ${WALL[$c]} | $(div "$MIB" "${WALL[$c]}") | ${CPU[$c]} | $(all_walls "$WORK/times/$c") | $rel |"
    done
    echo
    echo "- **sasae vs Groonga** (indexes first, then load): sasae takes $(div "${WALL[sasae]}" "${WALL[groonga]}")× Groonga's time" \
         "(throughput ratio $(div "${WALL[groonga]}" "${WALL[sasae]}"); target: above 1)."
    echo "- sasae vs Groonga's bulk path (load, then indexes): $(div "${WALL[sasae]}" "${WALL[groonga-static]}")× its time."
    echo "- **sasae vs mecab -Owakati**: sasae takes $(div "${WALL[sasae]}" "${WALL[mecab]}")× the time of MeCab's raw tokenization" \
         "(throughput ratio $(div "${WALL[mecab]}" "${WALL[sasae]}"))."
    echo "- sasae's own summary line says ${SELF} s (median); the wall time above (process start to exit) is" \
         "$(awk -v a="${WALL[sasae]}" -v b="$SELF" 'BEGIN { printf "%.2f", a - b }') s longer."
    echo "- index disk usage (\`du\`): sasae $(disk_mib sasae) MiB; Groonga $(disk_mib groonga) MiB (indexes first)," \
         "$(disk_mib groonga-static) MiB (static build)."
    echo "- Groonga's load file (JSON, made by \`bench/groonga_load.py\` in ${GEN_SECONDS} s) is prepared before the clock starts."
    echo
    echo "Incremental \`sasae-index\` runs (no \`--full\`) on the index of the last round:"
    echo
    echo "| run | wall s (median) | CPU s | wall s per round |"
    echo "|---|---:|---:|---|"
    echo "| no change, whole corpus ($NFILES files unchanged; target: under 1 s) | ${WALL[nochange]} | ${CPU[nochange]} | $(all_walls "$WORK/times/nochange") |"
    echo "| 1 file changed | ${WALL[one_file]} | ${CPU[one_file]} | $(all_walls "$WORK/times/one_file") |"
    echo "| 1% changed ($ONE_PCT files) | ${WALL[one_pct]} | ${CPU[one_pct]} | $(all_walls "$WORK/times/one_pct") |"
} > "$WORK/results.md"

cat "$WORK/results.md"

if [[ $WRITE_README -eq 1 ]]; then
    README="$BENCH_DIR/README.md"
    BEGIN='<!-- indexing-results:begin (written by bench/indexing.sh) -->'
    END='<!-- indexing-results:end -->'
    if [[ ! -f "$README" ]] || ! grep -qF "$BEGIN" "$README"; then
        { [[ -f "$README" ]] && cat "$README" && echo; echo "## Indexing results"; echo; echo "$BEGIN"; echo "$END"; } \
            > "$WORK/readme.new"
        cp "$WORK/readme.new" "$README"
    fi
    awk -v begin="$BEGIN" -v end="$END" -v results="$WORK/results.md" '
        $0 == begin { print; while ((getline line < results) > 0) print line; skip = 1; next }
        $0 == end { skip = 0 }
        !skip { print }' "$README" > "$WORK/readme.new"
    cp "$WORK/readme.new" "$README"
    say "updated $README"
fi
