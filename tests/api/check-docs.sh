#!/usr/bin/env bash
# docs/api.md must be what scripts/gen-api-docs.py makes of the current protos (`make api-docs`).
# usage: check-docs.sh BUF PYTHON
set -euo pipefail
buf=${1:?usage: check-docs.sh BUF PYTHON}
python=${2:?usage: check-docs.sh BUF PYTHON}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root/api" && "$buf" build proto -o "$work/api.binpb")
"$python" "$root/scripts/gen-api-docs.py" "$work/api.binpb" "$work/api.md"
if ! diff -u "$root/docs/api.md" "$work/api.md"; then
  echo "docs/api.md is out of date: run 'make api-docs' and commit it" >&2
  exit 1
fi
echo "docs/api.md matches the protos"
