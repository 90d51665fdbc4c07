#!/usr/bin/env bash
# Checks the systemd units with systemd-analyze verify (any complaint fails the test) and that
# the hardening and timer settings operations.md promises are there.
# Usage: verify_units.sh SOURCE_DIR INDEX_BIN SERVER_BIN
set -euo pipefail
src="$1"; index_bin="$2"; server_bin="$3"
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze not installed: skipped"; exit 77
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$index_bin" "$tmp/bin/sasae-index"
ln -s "$server_bin" "$tmp/bin/sasae-server"
ln -s "$src/scripts/sasae-git-pull" "$tmp/bin/sasae-git-pull"
for unit in "$src"/deploy/systemd/*; do
  sed -e "s#/opt/sasae/bin/#$tmp/bin/#" "$unit" > "$tmp/$(basename "$unit")"
done
out="$(systemd-analyze verify "$tmp"/*.service "$tmp"/*.timer 2>&1 || true)"
if [ -n "$out" ]; then echo "systemd-analyze verify complained:"; echo "$out"; exit 1; fi

fail=0
need() { grep -q "^$2" "$src/deploy/systemd/$1" || { echo "missing in $1: $2"; fail=1; }; }
for unit in sasae-server.service sasae-reindex.service sasae-replicate-server.service sasae-replicate.service; do
  for key in "User=sasae" "NoNewPrivileges=yes" "ProtectSystem=strict" "StateDirectory=sasae" "PrivateTmp=yes"; do
    need "$unit" "$key"
  done
done
need sasae-reindex.service "Environment=XAPIAN_MAX_CHANGESETS="
need sasae-replicate-server.service "KillMode=control-group"
need sasae-replicate.service "Restart=always"
need sasae-reindex.timer "OnUnitActiveSec=10min"
need sasae-reindex.timer "Persistent=true"
need sasae-reindex.timer "RandomizedDelaySec="
# The cron line: five time fields, a user, a command.
awk '!/^#/ && NF { if (NF < 7) { print "bad cron line: " $0; exit 1 } }' "$src/deploy/cron/sasae-reindex" || fail=1
[ "$fail" -eq 0 ] && echo "units verified"
exit "$fail"
