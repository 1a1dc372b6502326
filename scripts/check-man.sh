#!/usr/bin/env bash
# Renders every man page in man/ with `man -l` and fails on any groff/man warning or empty output.
set -u
dir=${1:-$(dirname "$0")/../man}
status=0
for page in "$dir"/*.[1-9]; do
  warnings=$(MANWIDTH=100 man --warnings -l "$page" 2>&1 >/dev/null)
  lines=$(MANWIDTH=100 man -l "$page" 2>/dev/null | wc -l)
  if [ -n "$warnings" ] || [ "$lines" -lt 20 ]; then
    echo "man page $page: $lines lines rendered; warnings:"; echo "$warnings"; status=1
  else
    echo "man page $page: $lines lines, no warnings"
  fi
done
exit $status
