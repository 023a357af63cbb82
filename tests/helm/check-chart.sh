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

# The NetworkPolicy's shapes: nobody named admits this namespace's pods only; pods and namespaces
# named are admitted as named (validate-manifests.js checks every rendered policy for a rule
# without `from`, and that the test pod stays outside the policy and is let in).
policy() {
  "$helm" template shape "$chart" --set networkPolicy.enabled=true "$@" >"$work/policy.yaml"
  node "$root/tests/helm/validate-manifests.js" "$work/policy.yaml" >/dev/null
}
policy
grep -A7 -- "- port: grpc" "$work/policy.yaml" | grep -q "from:" || { echo "policy: no from" >&2; exit 1; }
python3 - "$work/policy.yaml" <<'PY'
import sys
text = open(sys.argv[1]).read()
assert "        - podSelector: {}\n" in text, "empty allowedClients must admit this namespace only"
assert "namespaceSelector" not in text.split("port: metrics")[0], "no namespace admitted to gRPC"
PY
policy --set 'networkPolicy.allowedClients[0].app=portal'
grep -q "app: portal" "$work/policy.yaml"
! grep -q "podSelector: {}" "$work/policy.yaml" || { echo "policy: a pod list admits any pod" >&2; exit 1; }
policy --set 'networkPolicy.allowedNamespaces[0].kubernetes\.io/metadata\.name=portal'
grep -q "kubernetes.io/metadata.name: portal" "$work/policy.yaml"
echo "network policy: any pod of the namespace, named pods, named namespaces: as documented"

# kube-score over the production shape: every finding fixed, or accepted with its reason in
# helm/inburgering/README.md (the two switched off here). Warnings are printed, not fatal.
"$helm" template scored "$chart" -f "$chart/ci/postgresql-scaled-values.yaml" >"$work/scored.yaml"
"$tools/bin/kube-score" score "$work/scored.yaml" --output-format ci \
  --ignore-container-cpu-limit --ignore-test container-image-pull-policy >"$work/score.out" ||
  { grep -v '^\[OK\]\|^\[SKIPPED\]' "$work/score.out" >&2; exit 1; }
# The production shape has what docs/operations.md promises.
for promised in "kind: CronJob" "name: scored-inburgering-reindex" "topologySpreadConstraints:" \
  "inburgering-server@sha256:" "name: INBURGERING_CALL_BUDGET" "INBURGERING_TLS_CERT:" \
  "indicator-targets.json:" "INBURGERING_MAX_CONNECTION_AGE:" "name: gateway" \
  "--backend-ca=/etc/inburgering/tls/ca.crt" "--cors-origins=https://mijn.dronten.nl"; do
  grep -q -- "$promised" "$work/scored.yaml" || { echo "production shape lacks: $promised" >&2; exit 1; }
done
echo "kube-score: $(grep -c '^\[OK\]' "$work/score.out") checks OK; $(grep -c '^\[WARNING\]' "$work/score.out") warnings (accepted)"

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

# The jobs read the same configuration files as the server (the purge writes processing records
# under the register's URIs): the config volume is mounted in the purge CronJob too.
"$helm" template files "$chart" -f "$chart/ci/postgresql-scaled-values.yaml" \
  --show-only templates/purge-cronjob.yaml >"$work/purge.yaml"
grep -q "path: logbook-settings.json" "$work/purge.yaml" || { echo "purge: no logbook settings" >&2; exit 1; }
grep -q "mountPath: /etc/inburgering/config" "$work/purge.yaml" || { echo "purge: no config" >&2; exit 1; }
