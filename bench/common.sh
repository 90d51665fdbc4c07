# Sourced by the benchmark scripts: where the binaries and the corpus are, messages on stderr,
# Debian packages installed when missing, a free port on 127.0.0.1, and starting a server and
# loading it with wrk.
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
SASAE_INDEX="${SASAE_INDEX:-$REPO/build/indexer/sasae-index}"
SASAE_SERVER="${SASAE_SERVER:-$REPO/build/server/sasae-server}"
# Empty when there is no corpus: scripts that need it say so; the others index content/ alone.
CORPUS="$(cd "${CORPUS:-$REPO/../shared/corpus}" 2>/dev/null && pwd || true)"

say() { printf '%s\n' "$*" >&2; }

# install_packages PKG...: the Debian packages a script found missing (none: nothing to do).
install_packages() {
    [[ $# -gt 0 ]] || return 0
    say "installing $*"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get install -y "$@" >/dev/null || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$@" >/dev/null; }
}

# require_built PATH...: each must be an executable (this never builds).
require_built() {
    local b
    for b in "$@"; do
        [[ -x "$b" ]] || { say "no $b (build first, or set SASAE_INDEX / SASAE_SERVER)"; exit 2; }
    done
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_server LOG ARGS...: starts sasae-server on a free port with ARGS, its pid appended to
# the caller's `pids` array, and prints the port (exits when it does not start).
start_server() {
    local log="$1"; shift
    "$SASAE_SERVER" --port 0 --no-access-log "$@" > "$log" 2>&1 &
    pids+=($!)
    local port _
    for _ in $(seq 100); do
        port=$(grep -o '127.0.0.1:[0-9]*' "$log" | head -1 | cut -d: -f2 || true)
        [[ -n $port ]] && { echo "$port"; return; }
        sleep 0.1
    done
    say "sasae-server did not start:"; cat "$log" >&2; exit 1
}

# wrk_result PORT SECONDS REQUESTS: wrk (2 threads, 8 connections) through REQUESTS with
# bench/http/rotate.lua; prints its RESULT line. result_field NAME LINE: one value of it.
wrk_result() {
    wrk -t 2 -c 8 -d "${2}s" --timeout 10s --latency -s "$BENCH_DIR/http/rotate.lua" "http://127.0.0.1:$1" -- "$3" |
        grep '^RESULT ' | tail -1
}
result_field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<< "$2"; }
