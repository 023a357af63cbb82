#!/usr/bin/env bash
# The OpenAPI document the gateway publishes passes Spectral with the NL API Design Rules
# (api/rest/spectral.yaml, over spectral:oas, which validates it against the OpenAPI 3.0 schema),
# without a warning; and the ruleset bites: a copy with a trailing slash, a missing API-Version
# header and an unversioned server URL fails on exactly those rules.
# usage: check-openapi.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: check-openapi.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
spectral=$build/tools/node_modules/.bin/spectral
work=$build/rest
mkdir -p "$work"
"$build/gateway/inburgering-gateway" --print-openapi >"$work/openapi.json"
"$spectral" lint --ruleset "$root/api/rest/spectral.yaml" --fail-severity warn "$work/openapi.json"

"$build/tools/venv/bin/python" - "$work/openapi.json" "$work/openapi-broken.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["paths"]["/municipalities/{municipality}/caseload/"] = doc["paths"].pop(
    "/municipalities/{municipality}/caseload")
del doc["paths"]["/municipalities/{municipality}/indicators"]["get"]["responses"]["200"]["headers"]
doc["servers"][0]["url"] = "/api"
json.dump(doc, open(sys.argv[2], "w"))
PY
if out=$("$spectral" lint --ruleset "$root/api/rest/spectral.yaml" "$work/openapi-broken.json" 2>&1); then
  echo "the ruleset passed a broken document" >&2
  exit 1
fi
for rule in nlgov-api-48-no-trailing-slash nlgov-api-57-version-header nlgov-api-20-major-version-in-uri; do
  grep -q "$rule" <<<"$out" || { echo "$rule did not bite:" >&2; echo "$out" >&2; exit 1; }
done
echo "OpenAPI document: clean under the NL API Design Rules; the rules bite on a broken copy"
