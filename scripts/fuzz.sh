#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for $1 seconds (default 30) on its seed
# corpus. Fails on any crash, leak or timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=${FUZZ_BUILD_DIR:-build-fuzz}
CXX=clang++-19 cmake -S . -B "$build" -DVRRPD_FUZZ=ON -DVRRPD_BENCH=OFF -DVRRPD_TESTS=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=$(sed -n 's/^ *vrrp_fuzz_target(\(fuzz_[a-z_]*\).*/\1/p' tests/fuzz/CMakeLists.txt)
[ -n "$targets" ] || { echo "fuzz: no targets"; exit 1; }
cmake --build "$build" -j"$(nproc)" --target $targets
for t in $targets; do
  corpus=tests/fuzz/corpus/${t#fuzz_}
  work=$(mktemp -d)
  cp -r "$corpus"/. "$work"/ 2>/dev/null || true
  # The config fuzzer is also seeded with Debian's keepalived samples (installed by install-deps),
  # copied at run time rather than committed.
  if [ "$t" = fuzz_conf ]; then
    cp /usr/share/doc/keepalived/samples/keepalived.conf.* "$work"/ 2>/dev/null || true
  fi
  echo "-- $t for ${seconds}s (seeds: $(ls "$work" | wc -l))"
  "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$work/" "$work" 2>&1 | grep -E '^(#[0-9]+ +DONE|Done|==[0-9]+==ERROR|SUMMARY)' || true
  if ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* >/dev/null 2>&1; then
    echo "fuzz: $t found a failure:"; ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null
    exit 1
  fi
  rm -rf "$work"
done
