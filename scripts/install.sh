#!/usr/bin/env bash
# Installs sasae system-wide: binaries and page under /opt/sasae, the sasae user, the systemd
# units (or the cron line when systemd is absent), /etc/default/sasae. Run as root after
# scripts/setup.sh. See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=/opt/sasae
install -d "$PREFIX/bin" "$PREFIX/web" "$PREFIX/docs"
install -m 0755 build/indexer/sasae-index build/server/sasae-server build/server/sasae-search scripts/sasae-git-pull "$PREFIX/bin/"
cp -r web/. "$PREFIX/web/"
cp docs/*.md "$PREFIX/docs/"
id sasae >/dev/null 2>&1 || useradd --system --home-dir /var/lib/sasae --shell /usr/sbin/nologin sasae
install -d -o sasae -g sasae -m 0750 /var/lib/sasae
[ -f /etc/default/sasae ] || install -m 0644 deploy/sasae.default /etc/default/sasae
if [ -d /run/systemd/system ]; then
  install -m 0644 deploy/systemd/sasae-server.service deploy/systemd/sasae-reindex.service \
    deploy/systemd/sasae-reindex.timer deploy/systemd/sasae-replicate-server.service \
    deploy/systemd/sasae-replicate.service /etc/systemd/system/
  systemctl daemon-reload
  echo "install: enable with: systemctl enable --now sasae-reindex.timer sasae-server.service"
else
  install -m 0644 deploy/cron/sasae-reindex /etc/cron.d/sasae-reindex
  echo "install: no systemd: cron line installed in /etc/cron.d/sasae-reindex; start the server yourself"
fi
