#!/usr/bin/env bash
# Runs one reliability test class against the real server binary, with the Python client's
# generated classes (made fresh into a temporary folder) on the path.
# usage: run.sh BUILD_DIR TEST   e.g. run.sh build reliability_test.F1KillAndRestart
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR TEST}" && pwd)
test=${2:?usage: run.sh BUILD_DIR TEST}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
"$build/tools/venv/bin/python" "$root/clients/python/generate.py" "$gen"
export INBURGERING_SERVER_BINARY=$build/server/inburgering-server
export INBURGERING_BENCH_LOAD=$build/bench/inburgering-bench-load
cd "$here"
PYTHONPATH="$gen:$root/clients/python:$here" "$build/tools/venv/bin/python" -u -m unittest -v "$test"
