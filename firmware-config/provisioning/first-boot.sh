#!/usr/bin/env bash
# First boot of a compound's Raspberry Pi (Raspberry Pi OS Bookworm).
# Usage: sudo ./first-boot.sh --cloud https://yardguard.example.cn --code ABCD-1234
# Installs the agent, enrolls it with a one-time code and starts it under systemd.
set -euo pipefail
CLOUD="" CODE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cloud) CLOUD="$2"; shift 2 ;;
    --code) CODE="$2"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$CLOUD" ] && [ -n "$CODE" ] || { echo "need --cloud URL and --code CODE (from the installer page)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (sudo)" >&2; exit 2; }

id yardguard >/dev/null 2>&1 || useradd --system --home /var/lib/yardguard --groups gpio yardguard
install -d -o yardguard -g yardguard -m 700 /var/lib/yardguard
install -d -m 755 /etc/yardguard
command -v node >/dev/null || { echo "install Node.js 20 first (apt install nodejs)" >&2; exit 1; }
command -v yardguard-edge >/dev/null || npm install -g @yardguard/edge

echo "enrolling with $CLOUD ..."
sudo -u yardguard yardguard-edge enroll --cloud "$CLOUD" --code "$CODE" --data-dir /var/lib/yardguard --config-out /etc/yardguard/site.json
install -m 644 "$(dirname "$0")/systemd/yardguard-edge.service" /etc/systemd/system/yardguard-edge.service
systemctl daemon-reload
systemctl enable --now yardguard-edge
echo "done: the gateway should appear online in the console within a minute"
