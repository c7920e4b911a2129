# Shared by test-all.sh and demo.sh (sourced, run from the repo root): install what a fresh Debian 12
# machine lacks. check_toolchain: Node and npm new enough, checked first with a one-line message.
# ensure_debian_packages: the real servers the tests start plus the tools better-sqlite3 needs to
# compile; apt-get runs only when something is missing (YG_SKIP_APT=1: never), as root or via sudo.
# ensure_node_modules: npm ci when node_modules is missing or was installed from another lock
# (YG_SKIP_INSTALL=1: never).
declare -F say >/dev/null || say() { printf '\n=== %s\n' "$*"; }

# ---------------------------------------------------------------- Node and npm
# Node: the root package.json's engines (>= 20.19: vite 8, require(esm)). npm: the major that can read
# package-lock.json (lockfileVersion 2 and 3 need npm >= 7). packageManager names the npm the lock was
# written with (11), but any npm that reads the lock installs the same tree, so only that is required.
version_at_least() { # version_at_least 20.19.1 20.19 -> true
  local IFS=. have want i
  read -r -a have <<<"${1#v}"
  read -r -a want <<<"$2"
  for i in 0 1 2; do
    ((${have[i]:-0} > ${want[i]:-0})) && return 0
    ((${have[i]:-0} < ${want[i]:-0})) && return 1
  done
  return 0
}
check_toolchain() {
  local node_want=20.19 node_have npm_have lock npm_want
  if ! command -v node >/dev/null; then
    echo "Node.js is not installed: install Node.js ${node_want} or newer (https://nodejs.org or NodeSource's Debian packages), then run this again" >&2
    exit 2
  fi
  node_have=$(node -p process.versions.node)
  if ! version_at_least "$node_have" "$node_want"; then
    echo "Node.js $node_have is too old: install Node.js ${node_want} or newer (https://nodejs.org or NodeSource's Debian packages), then run this again" >&2
    exit 2
  fi
  lock=$(node -p "require('./package-lock.json').lockfileVersion" 2>/dev/null || echo 3)
  npm_want=7
  ((lock >= 2)) || npm_want=5
  npm_have=$(npm --version 2>/dev/null || echo 0)
  if ! version_at_least "$npm_have" "$npm_want"; then
    echo "npm ${npm_have} cannot read package-lock.json (lockfileVersion $lock): install npm ${npm_want} or newer (npm install -g npm@11), then run this again" >&2
    exit 2
  fi
}

# ---------------------------------------------------------------- Debian packages
have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null; }
missing_debs() {
  local m=()
  command -v influxd >/dev/null || m+=(influxdb)
  have_postgres || m+=(postgresql)
  command -v mosquitto >/dev/null || m+=(mosquitto)
  command -v mosquitto_pub >/dev/null || m+=(mosquitto-clients)
  command -v chromium >/dev/null || m+=(chromium)
  # A CJK font, so the e2e screenshots of the Chinese UI show characters, not boxes (~10 MB).
  [[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]] || m+=(fonts-wqy-zenhei)
  # The clock guard in test-all.sh re-runs date-sensitive tests with the clock moved ahead.
  command -v faketime >/dev/null || m+=(faketime)
  # The release-package test verifies the systemd unit; enrollment tests make a CA with openssl.
  command -v systemd-analyze >/dev/null || m+=(systemd)
  command -v openssl >/dev/null || m+=(openssl)
  # influxd's tz('Asia/Shanghai') day buckets read the system zone database.
  [[ -e /usr/share/zoneinfo/Asia/Shanghai ]] || m+=(tzdata)
  # better-sqlite3 compiles from source when no prebuilt binary can be downloaded.
  command -v make >/dev/null || m+=(make)
  command -v g++ >/dev/null || m+=(g++)
  command -v python3 >/dev/null || m+=(python3)
  # A cloud test watches the process's fsync calls with strace (it skips without it).
  command -v strace >/dev/null || m+=(strace)
  # The clustered MQTT tier test runs three nats-server nodes (MQTT + JetStream).
  command -v nats-server >/dev/null || m+=(nats-server)
  echo "${m[@]}"
}
ensure_debian_packages() {
  local need
  need=$(missing_debs)
  if [[ -z "$need" || "${YG_SKIP_APT:-0}" == 1 ]]; then return 0; fi
  say "installing Debian packages: $need"
  local as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null; then
      echo "missing Debian packages: $need; run this as root, or install sudo, or as root: apt-get install --no-install-recommends $need" >&2
      exit 2
    fi
    as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  # shellcheck disable=SC2086
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends $need >/dev/null
  need=$(missing_debs)
  [[ -z "$need" ]] || { echo "still missing after apt-get: $need" >&2; exit 2; }
}

# ---------------------------------------------------------------- npm dependencies
# A stamp with the hash of package-lock.json says which lock node_modules was installed from. Without
# a matching stamp, an existing tree that `npm ls` accepts is trusted (and stamped) instead of being
# wiped: a developer's checkout is often already installed.
ensure_node_modules() {
  local lock_hash stamp
  lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
  stamp=node_modules/.yg-lock-sha256
  [[ "${YG_SKIP_INSTALL:-0}" != 1 ]] || return 0
  if [[ -f $stamp && "$(cat "$stamp")" == "$lock_hash" ]]; then
    :
  elif [[ -d node_modules ]] && npm ls --all >/dev/null 2>&1; then
    echo "$lock_hash" >"$stamp"
  else
    say "npm ci (node_modules missing or stale)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_hash" >"$stamp"
  fi
}
