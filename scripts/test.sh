#!/usr/bin/env bash
# The README's test command: installs dependencies, builds, and runs every test (unit, simulated
# LAN scenarios, namespace integration tests, and brief fuzzing). Needs root for the namespace tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

scripts/install-deps.sh
scripts/build.sh

echo "== ctest (unit, scenarios, namespace integration)"
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j2 --timeout 300

if [ "${SKIP_FUZZ:-0}" != 1 ]; then
  echo "== fuzz (libFuzzer, ${FUZZ_SECONDS:-30} s per target)"
  scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
fi
echo "== all tests passed in $(( $(date +%s) - start )) s"
