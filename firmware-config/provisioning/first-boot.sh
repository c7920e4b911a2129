#!/usr/bin/env bash
# Install the Yard Guard edge agent from its release tarball, on Raspberry Pi OS Bookworm (arm64)
# or Debian 12 (amd64). Run from the unpacked release directory:
#
#   tar xzf yardguard-edge-<version>.tar.gz && cd yardguard-edge-<version>
#   sudo ./first-boot.sh [--cloud https://yardguard.example.cn --code ABCD-1234 [--ca cloud-ca.pem]]
#
# What it does (each step says so as it runs):
#   1. checks Node.js against the release's range (manifest.json "node"); Node comes from the
#      distribution: Bookworm ships 18 (too old), so use NodeSource's Node 20 / 22 packages:
#        curl -fsSL https://deb.nodesource.com/setup_20.x | sudo bash - && sudo apt-get install -y nodejs
#      (or copy a node tarball from nodejs.org to /usr/local for sites without internet).
#   2. verifies every file against SHA256SUMS.
#   3. installs to $PREFIX/releases/<version> and points $PREFIX/current at it (updates add versions
#      beside it and switch the link; data never lives under $PREFIX).
#   4. rebuilds native modules (better-sqlite3, classic-level, epoll for onoff) when this machine's
#      platform/arch/Node ABI differ from the build's (manifest.json "builtFor"): `npm rebuild`
#      needs build-essential and python3 (apt-get install -y build-essential python3), or network
#      access for prebuilt binaries.
#   5. creates the `yardguard` system user (groups gpio when present), the data dir
#      /var/lib/yardguard (0700), journald rotation for the agent's logs, the systemd unit.
#   6. enrolls with --cloud/--code when given, then enables and starts the service.
#
# GPIO on Bookworm: kernels 6.6+ number sysfs GPIOs from the gpiochip base (often 512 + the BCM pin);
# the agent reads /sys/class/gpio/gpiochip*/base itself, site configs keep BCM numbers. sysfs cannot
# set pull-ups: set them in /boot/firmware/config.txt, e.g. `gpio=17,27=ip,pu` for a door contact and
# an exit button to ground, then reboot.
#
# Options: --prefix DIR (default /opt/yardguard), --data-dir DIR (default /var/lib/yardguard),
#   --no-system (only steps 1-4: no user, journald, systemd or enrollment; for tests and containers),
#   --rebuild (always npm rebuild), --cloud URL --code CODE [--ca FILE] (enroll).
set -euo pipefail
PREFIX=/opt/yardguard DATA=/var/lib/yardguard SYSTEM=1 REBUILD=auto CLOUD="" CODE="" CA=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --data-dir) DATA="$2"; shift 2 ;;
    --no-system) SYSTEM=0; shift ;;
    --rebuild) REBUILD=yes; shift ;;
    --cloud) CLOUD="$2"; shift 2 ;;
    --code) CODE="$2"; shift 2 ;;
    --ca) CA="$2"; shift 2 ;;
    -h|--help) sed -n '2,36p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
SRC=$(cd "$(dirname "$0")" && pwd)
say() { echo "first-boot: $*"; }
die() { echo "first-boot: error: $*" >&2; exit 1; }
[ -f "$SRC/manifest.json" ] || die "run me from the unpacked release (manifest.json missing in $SRC)"
if [ "$SYSTEM" = 1 ] && [ "$(id -u)" != 0 ]; then die "run as root (sudo), or pass --no-system"; fi
if [ -n "$CODE" ] && [ -z "$CLOUD" ]; then die "--code needs --cloud URL"; fi

# 1. Node
command -v node >/dev/null || die "Node.js is not installed: apt-get install -y nodejs on Debian 13, or NodeSource's Node 20 on Bookworm (see the top of this script)"
VERSION=$(node -p 'require(process.argv[1]).version' "$SRC/manifest.json")
node -e '
  const m = require(process.argv[1]);
  const need = Number((/(\d+)(?:\.(\d+))?/.exec(m.node) || [0, 20])[1]);
  const have = Number(process.versions.node.split(".")[0]);
  if (have < need) { console.error(`first-boot: error: Node ${process.versions.node} is too old for this release (needs ${m.node}): install Node 20 from NodeSource (see the top of first-boot.sh)`); process.exit(1); }
' "$SRC/manifest.json"
say "1/6 Node $(node -v) fits ${VERSION}'s range"

# 2. Integrity
( cd "$SRC" && sha256sum --quiet --strict -c SHA256SUMS ) || die "files do not match SHA256SUMS: the download is damaged, fetch the release again"
say "2/6 every file matches SHA256SUMS"

# 3. Install beside other versions, switch the link
DEST="$PREFIX/releases/$VERSION"
mkdir -p "$PREFIX/releases"
if [ "$SRC" != "$DEST" ]; then
  rm -rf "$DEST.tmp" && cp -a "$SRC" "$DEST.tmp" && rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"
fi
ln -sfn "releases/$VERSION" "$PREFIX/current.tmp" && mv -T "$PREFIX/current.tmp" "$PREFIX/current"
# The launcher lives outside the releases (a broken release must not break what rolls it back).
mkdir -p "$PREFIX/bin" && cp "$DEST/bin/yardguard-launch" "$PREFIX/bin/yardguard-launch.tmp" && mv -f "$PREFIX/bin/yardguard-launch.tmp" "$PREFIX/bin/yardguard-launch"
say "3/6 installed $VERSION to $DEST ($PREFIX/current -> releases/$VERSION; launcher $PREFIX/bin/yardguard-launch)"

# 4. Native modules for this machine
if [ "$REBUILD" = auto ]; then
  SAME=$(node -p 'const b = require(process.argv[1]).builtFor; b.platform === process.platform && b.arch === process.arch && b.nodeAbi === process.versions.modules ? "yes" : "no"' "$SRC/manifest.json")
  [ "$SAME" = yes ] && REBUILD=no || REBUILD=yes
fi
if [ "$REBUILD" = yes ]; then
  say "4/6 rebuilding native modules for $(node -p 'process.platform + "-" + process.arch') (Node ABI $(node -p process.versions.modules)); needs build-essential + python3 or network"
  ( cd "$DEST" && npm rebuild --omit=dev --no-audit --no-fund ) || die "npm rebuild failed: apt-get install -y build-essential python3, or connect the Pi to the internet for prebuilt binaries, then run first-boot.sh again"
else
  say "4/6 native modules were built for this platform, arch and Node ABI: no rebuild"
fi

UNIT_SRC="$SRC/systemd/yardguard-edge.service"
unit() { sed -e "s#/opt/yardguard#$PREFIX#g" -e "s#/var/lib/yardguard#$DATA#g" "$UNIT_SRC"; }
if [ "$SYSTEM" = 0 ]; then
  mkdir -p "$DATA" && chmod 700 "$DATA"
  unit > "$PREFIX/yardguard-edge.service"
  say "5/6 --no-system: no user, journald or systemd changes; the unit for these paths is $PREFIX/yardguard-edge.service"
  say "done: $PREFIX/current/bin/yardguard-edge run --data-dir $DATA"
  exit 0
fi

# 5. User, data, logs, unit
if ! id yardguard >/dev/null 2>&1; then
  useradd --system --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin --user-group yardguard
fi
getent group gpio >/dev/null && usermod -aG gpio yardguard || say "no gpio group (not a Pi?): GPIO devices will not work"
install -d -o yardguard -g yardguard -m 700 "$DATA"
chown -R yardguard:yardguard "$PREFIX"
install -d -m 755 /etc/systemd/journald.conf.d
cat > /etc/systemd/journald.conf.d/yardguard.conf <<'CONF'
# Yard Guard: keep the journal small on an SD card (rotated by size and age).
[Journal]
SystemMaxUse=200M
SystemMaxFileSize=20M
MaxRetentionSec=30day
CONF
systemctl restart systemd-journald || true
unit > /etc/systemd/system/yardguard-edge.service
systemctl daemon-reload
say "5/6 user yardguard, data in $DATA, journal capped at 200 MB, unit installed"

# 6. Enroll and start
if [ -n "$CODE" ]; then
  sudo -u yardguard "$PREFIX/current/bin/yardguard-edge" enroll --cloud "$CLOUD" --code "$CODE" --data-dir "$DATA" ${CA:+--ca "$CA"}
fi
if [ -f "$DATA/credentials.json" ] || [ -f "$DATA/site.json" ]; then
  systemctl enable --now yardguard-edge
  say "6/6 started: journalctl -u yardguard-edge -f; check the devices with: sudo -u yardguard $PREFIX/current/bin/yardguard-edge check --data-dir $DATA"
else
  systemctl enable yardguard-edge
  say "6/6 enabled, not started: enroll first (--cloud URL --code CODE), or put a site.json in $DATA"
fi
