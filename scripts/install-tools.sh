#!/usr/bin/env bash
# Installs the test tools that come from npm and PyPI into the build tree (never system-wide):
#   $1/node_modules/.bin/buf   (buf lint)
#   $1/venv/bin/python         (grpcio, for the end-to-end tests)
# Each step is skipped when its pinned inputs have not changed since the last run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: install-tools.sh OUTDIR}
mkdir -p "$out"

if ! cmp -s "$root/tools/package-lock.json" "$out/package-lock.json" || [ ! -x "$out/node_modules/.bin/buf" ]; then
  cp "$root/tools/package.json" "$root/tools/package-lock.json" "$out/"
  (cd "$out" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

if ! cmp -s "$root/tools/requirements.txt" "$out/requirements.txt" || [ ! -x "$out/venv/bin/python" ]; then
  rm -rf "$out/venv"
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tools/requirements.txt"
  cp "$root/tools/requirements.txt" "$out/requirements.txt"
fi
