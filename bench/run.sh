#!/usr/bin/env bash
# Runs the benchmark suite of this module as docs/benchmarks.md reports it:
# first the correctness test that makes every path do the same work, then
# every benchmark 6 times on one CPU. It prints benchstat's summary and one
# line per performance target with its measured value and ok or MISSED.
#
# Usage: ./run.sh [FILE]
#
# FILE receives the raw benchmark output (default: a temporary file, whose
# name is printed), so that benchstat can compare it with a later run.
set -euo pipefail
cd "$(dirname "$0")"

out=${1:-$(mktemp "${TMPDIR:-/tmp}/tokengen-bench.XXXXXX")}

go test -count=1 -run Correct ./...
go test -run '^$' -bench . -benchmem -count 6 -cpu 1 . | tee "$out"

echo
go tool benchstat "$out"
echo
go run ./internal/targets "$out"
echo
echo "raw results: $out"
