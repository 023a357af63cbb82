#!/usr/bin/env bash
# The chart's checks for `make test`: helm lint and template of every scenario in
# helm/inburgering/ci, offline validation of the rendered manifests, and the refusals: SQLite
# with two replicas, and values the schema does not allow. Usage: check-chart.sh TOOLS_DIR
set -euo pipefail
tools=${1:?usage: check-chart.sh TOOLS_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
chart="$root/helm/inburgering"
helm="$tools/bin/helm"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NODE_PATH="$tools/node_modules"

for values in "$chart"/ci/*-values.yaml; do
  name=$(basename "$values" -values.yaml)
  "$helm" lint --strict "$chart" -f "$values" >"$work/lint.out" || { cat "$work/lint.out"; exit 1; }
  "$helm" template "release-$name" "$chart" -f "$values" >"$work/$name.yaml"
  echo "$name: $(node "$root/tests/helm/validate-manifests.js" "$work/$name.yaml")"
done

# Refusals: each must fail to render, with the reason in the message.
refuse() {
  local expect=$1
  shift
  if "$helm" template refused "$chart" "$@" >"$work/refused.out" 2>&1; then
    echo "rendered although it must be refused: $*" >&2
    exit 1
  fi
  grep -q -- "$expect" "$work/refused.out" || { cat "$work/refused.out" >&2; exit 1; }
  echo "refused as expected: $*"
}
refuse "sqlite runs exactly one replica" --set replicaCount=2
refuse "sqlite cannot autoscale" --set autoscaling.enabled=true
refuse "needs database.postgresql.existingSecret" --set database.mode=postgresql
refuse "replicaCount: Invalid type" --set replicaCount=zwei
refuse "database.mode" --set database.mode=mysql
refuse "Additional property" --set colour=blue
