# Sourced by the benchmark scripts: where the binaries and the corpus are, messages on stderr,
# Debian packages installed when missing, and a free port on 127.0.0.1.
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
SASAE_INDEX="${SASAE_INDEX:-$REPO/build/indexer/sasae-index}"
SASAE_SERVER="${SASAE_SERVER:-$REPO/build/server/sasae-server}"
CORPUS="$(cd "${CORPUS:-$REPO/../shared/corpus}" && pwd)"

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
