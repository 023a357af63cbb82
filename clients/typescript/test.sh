#!/usr/bin/env bash
# The TypeScript client's end-to-end suite (run by `make test` through
# tests/clients/run_with_server.py, which starts the real server and sets INBURGERING_TARGET).
# Works on a copy in the build tree: npm ci (skipped while package-lock.json is unchanged),
# generate from api/ with protoc-gen-es, tsc, node --test.
# usage: test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: test.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$build/clients/typescript
mkdir -p "$work"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
rm -rf "$work/src" "$work/test" "$work/dist"
cp -r "$here/src" "$here/test" "$here/tsconfig.json" "$here/buf.gen.yaml" "$work/"
rm -rf "$work/src/gen"
cd "$work"
PATH=$work/node_modules/.bin:$PATH buf generate "$root/api" --template buf.gen.yaml
node_modules/.bin/tsc -p .
node --test dist/test/
