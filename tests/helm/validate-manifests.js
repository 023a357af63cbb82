// Validates rendered Kubernetes manifests offline against the Kubernetes API schemas
// (kubernetes-models), and checks what the chart promises of its Deployment: non-root, a
// read-only root filesystem, gRPC probes on the liveness and readiness health names, and a
// termination grace period longer than the server's drain.
// Usage: node validate-manifests.js MANIFESTS.yaml (exit 1 with the reasons on failure)
"use strict";
const fs = require("fs");
const YAML = require("yaml");

const file = process.argv[2];
const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))
  .map((d) => d.toJSON())
  .filter((d) => d && d.kind);
const problems = [];
// Custom resources the Kubernetes schemas do not know, checked for their shape only.
const custom = { "monitoring.coreos.com/v1/ServiceMonitor": (m) => m.spec && m.spec.endpoints };

for (const doc of docs) {
  const id = `${doc.kind}/${doc.metadata && doc.metadata.name}`;
  const key = `${doc.apiVersion}/${doc.kind}`;
  if (custom[key]) {
    if (!custom[key](doc)) problems.push(`${id}: not a valid ${doc.kind}`);
    continue;
  }
  let models;
  try {
    models = require(`kubernetes-models/${doc.apiVersion}`);
  } catch (e) {
    problems.push(`${id}: unknown apiVersion ${doc.apiVersion}`);
    continue;
  }
  const Model = models[doc.kind];
  if (!Model) {
    problems.push(`${id}: unknown kind in ${doc.apiVersion}`);
    continue;
  }
  try {
    new Model(doc).validate();
  } catch (e) {
    problems.push(`${id}: ${e.message}`);
  }
}

for (const d of docs.filter((x) => x.kind === "Deployment")) {
  const pod = d.spec.template.spec;
  const c = pod.containers[0];
  const sc = c.securityContext || {};
  if (!(pod.securityContext && pod.securityContext.runAsNonRoot) || !sc.runAsNonRoot) {
    problems.push("Deployment: must run as non-root");
  }
  if (!sc.readOnlyRootFilesystem) problems.push("Deployment: root filesystem must be read-only");
  if (sc.allowPrivilegeEscalation !== false) problems.push("Deployment: privilege escalation");
  for (const [probe, service] of [["livenessProbe", "liveness"], ["readinessProbe", "readiness"]]) {
    if (!c[probe] || !c[probe].grpc || c[probe].grpc.service !== service) {
      problems.push(`Deployment: ${probe} must be a gRPC probe on '${service}'`);
    }
  }
  const cm = docs.find((x) => x.kind === "ConfigMap");
  const grace = Number(cm && cm.data.INBURGERING_SHUTDOWN_GRACE);
  if (!(pod.terminationGracePeriodSeconds > grace)) {
    problems.push("Deployment: terminationGracePeriodSeconds must exceed the server's shutdown grace");
  }
}

if (docs.length === 0) problems.push("nothing rendered");
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${docs.length} manifests valid: ${docs.map((d) => d.kind).join(", ")}`);
