#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS on a scratch copy of its checked-in seed corpus (libFuzzer
# adds what it finds to the first corpus folder; the source tree stays untouched). Fails on any
# crash, leak, sanitizer report or timeout. Usage: run-fuzzer.sh BINARY SEEDS_DIR [SECONDS]
set -euo pipefail
binary=${1:?usage: run-fuzzer.sh BINARY SEEDS_DIR [SECONDS]}
seeds=${2:?usage: run-fuzzer.sh BINARY SEEDS_DIR [SECONDS]}
seconds=${3:-${FUZZ_SECONDS:-60}}
[ -x "$binary" ] || { echo "run-fuzzer: $binary is not built (make test builds it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$seeds"/* "$work"/
cd "$work"
"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$work" 2>&1 | tail -n 20
