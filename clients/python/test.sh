#!/usr/bin/env bash
# The Python client's end-to-end suite (run by `make test` through tests/clients/run_with_server.py,
# which starts the real server and sets INBURGERING_TARGET): generates the classes into the build
# tree, then runs tests/test_e2e.py with the project's venv.
# usage: test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: test.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
python=$build/tools/venv/bin/python
gen=$build/clients/python-gen
rm -rf "$gen"
"$python" "$here/generate.py" "$gen"
PYTHONPATH="$gen:$here" "$python" "$here/tests/test_e2e.py" -v
