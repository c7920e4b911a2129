#!/usr/bin/env bash
# The run command (root `npm start`): installs what is missing (Debian packages as root, npm ci when
# node_modules is missing or stale), builds, then starts the whole product on embedded defaults:
# the cloud with demo data and the console, and a simulated compound + edge agent per sample site.
# See test/demo/start-demo.mjs for its environment knobs (YG_DEMO_PORT, YG_DEMO_DATA, ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
# shellcheck source=setup.sh
source "$ROOT/test/bin/setup.sh"
check_toolchain
ensure_debian_packages
ensure_node_modules
say "build (turbo run build)"
npx turbo run build --env-mode=loose --output-logs=errors-only
say "starting the demo"
exec node test/demo/start-demo.mjs
