#!/usr/bin/env bash
# The README's demo command: installs dependencies, builds vrrpd, and runs the namespace-LAN
# failover demo from examples/ (three vrrpd routers; the master is killed and a backup takes over).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec examples/demo.sh "${BUILD_DIR:-build}/vrrpd/vrrpd"
