#!/usr/bin/env bash
# proto/ is sans-IO: it may include only the C++ standard library and its own headers, and it
# never reads a clock. Fails (exit 1) listing every offending line.
set -u
dir=${1:-$(dirname "$0")/../proto}
bad=$(grep -nE '^\s*#\s*include\s*[<"]' "$dir"/*.hpp "$dir"/*.cpp 2>/dev/null |
  grep -vE '#\s*include\s*"proto/[a-z0-9_]+\.hpp"' |
  grep -vE '#\s*include\s*<(algorithm|array|bit|cassert|cctype|charconv|chrono|cmath|compare|concepts|cstddef|cstdint|cstdio|cstdlib|cstring|deque|expected|functional|initializer_list|iterator|limits|map|memory|numeric|optional|queue|set|span|string|string_view|tuple|type_traits|unordered_map|unordered_set|utility|variant|vector)>')
clock=$(grep -nE '::now\s*\(|\b(time|gettimeofday|clock_gettime)\s*\(' "$dir"/*.hpp "$dir"/*.cpp 2>/dev/null)
if [ -n "$bad$clock" ]; then
  echo "proto/ must stay sans-IO (standard library only, no clock):"
  [ -n "$bad" ] && echo "$bad"
  [ -n "$clock" ] && echo "$clock"
  exit 1
fi
echo "proto/: standard library includes only, no clock reads"
