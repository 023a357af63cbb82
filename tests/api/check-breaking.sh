#!/usr/bin/env bash
# buf breaking: the API in api/proto must stay compatible with the v1 baseline kept in
# api/breaking/v1.binpb (FILE rules: no removed or renumbered field, no renamed element, no
# changed type). Then proves the check bites: a copy of api/ with one field removed must fail.
# usage: check-breaking.sh BUF
set -euo pipefail
buf=${1:?usage: check-breaking.sh BUF}
api=$(cd "$(dirname "$0")/../../api" && pwd)

cd "$api"
"$buf" breaking proto --against breaking/v1.binpb --exclude-imports
echo "api/proto is compatible with the v1 baseline"

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$api/." "$copy"
# Remove Client.given_names (field 3), as a careless change would.
sed -i '/^  string given_names = 3;$/d' "$copy/proto/inburgering/v1/client.proto"
if grep -q 'given_names = 3' "$copy/proto/inburgering/v1/client.proto"; then
  echo "could not remove the field to test with" >&2
  exit 1
fi
cd "$copy"
if out=$("$buf" breaking proto --against breaking/v1.binpb --exclude-imports 2>&1); then
  echo "buf breaking accepted a removed field" >&2
  exit 1
fi
grep -q 'Previously present field "3" with name "given_names"' <<<"$out" || {
  echo "unexpected buf breaking output: $out" >&2
  exit 1
}
echo "a removed field is refused: $out"
