// Validates rendered Kubernetes manifests offline against the Kubernetes API schemas
// (kubernetes-models), and checks what the chart promises of its Deployment: non-root, a
// read-only root filesystem, gRPC probes on the liveness and readiness health names, and a
// termination grace period longer than the server's drain. And what no schema sees: a pre-install
// hook may use no object the chart creates (Helm creates those after the hooks), and a
// NetworkPolicy names who may call (an ingress rule without `from` admits every source), keeps the
// `helm test` pod out of the server's policy and lets it in.
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

// Hooks run before the chart's other objects exist.
const isHook = (d) => ((d.metadata && d.metadata.annotations) || {})["helm.sh/hook"];
const created = new Set(docs.filter((d) => !isHook(d)).map((d) => `${d.kind}/${d.metadata.name}`));
for (const hook of docs.filter((d) => /pre-(install|upgrade)/.test(isHook(d) || ""))) {
  const pod = hook.kind === "Pod" ? hook.spec : hook.spec && hook.spec.template && hook.spec.template.spec;
  if (!pod) continue;
  const uses = [];
  if (pod.serviceAccountName) uses.push(`ServiceAccount/${pod.serviceAccountName}`);
  for (const v of pod.volumes || []) {
    if (v.configMap) uses.push(`ConfigMap/${v.configMap.name}`);
    if (v.secret) uses.push(`Secret/${v.secret.secretName}`);
    if (v.persistentVolumeClaim) uses.push(`PersistentVolumeClaim/${v.persistentVolumeClaim.claimName}`);
  }
  for (const c of [...(pod.initContainers || []), ...(pod.containers || [])]) {
    for (const e of c.envFrom || []) {
      if (e.configMapRef) uses.push(`ConfigMap/${e.configMapRef.name}`);
      if (e.secretRef) uses.push(`Secret/${e.secretRef.name}`);
    }
    for (const e of c.env || []) {
      const from = e.valueFrom || {};
      if (from.configMapKeyRef) uses.push(`ConfigMap/${from.configMapKeyRef.name}`);
      if (from.secretKeyRef) uses.push(`Secret/${from.secretKeyRef.name}`);
    }
  }
  for (const use of uses.filter((u) => created.has(u))) {
    problems.push(`${hook.kind}/${hook.metadata.name}: a pre-install hook uses ${use}, which the chart creates only after its hooks`);
  }
}

const matches = (selector, labels) =>
  Object.entries((selector && selector.matchLabels) || {}).every(([k, v]) => labels[k] === v);

// Only the server's pods may match its Service: a Job's pod there would be sent calls it cannot
// serve (it has no readiness probe, so it counts as ready while it runs).
const podTemplates = docs.flatMap((d) => {
  if (d.kind === "Pod") return [[d, d.metadata.labels || {}]];
  if (d.kind === "CronJob") return [[d, d.spec.jobTemplate.spec.template.metadata.labels || {}]];
  if (d.kind === "Job") return [[d, d.spec.template.metadata.labels || {}]];
  return [];
});
for (const service of docs.filter((d) => d.kind === "Service")) {
  for (const [owner, labels] of podTemplates) {
    if (Object.entries(service.spec.selector || {}).every(([k, v]) => labels[k] === v)) {
      problems.push(`${owner.kind}/${owner.metadata.name}: its pods match Service/${service.metadata.name}, which would send them calls`);
    }
  }
}
const testPods = docs.filter((d) => d.kind === "Pod" && /test/.test(isHook(d) || ""));
for (const policy of docs.filter((d) => d.kind === "NetworkPolicy")) {
  for (const rule of policy.spec.ingress || []) {
    if (!rule.from || rule.from.length === 0) {
      problems.push(`NetworkPolicy/${policy.metadata.name}: an ingress rule without 'from' admits every source`);
    }
    for (const peer of rule.from || []) {
      if (peer.namespaceSelector && Object.keys(peer.namespaceSelector).length === 0) {
        problems.push(`NetworkPolicy/${policy.metadata.name}: an empty namespaceSelector admits every namespace`);
      }
    }
  }
  const grpc = (policy.spec.ingress || []).find((r) => (r.ports || []).some((p) => p.port === "grpc"));
  const server = docs.find((d) => d.kind === "Deployment");
  if (!server || !matches(policy.spec.podSelector, server.spec.template.metadata.labels || {})) {
    continue;  // the server's policy is the one that selects its pods
  }
  for (const pod of testPods) {
    const labels = pod.metadata.labels || {};
    if (matches(policy.spec.podSelector, labels)) {
      problems.push(`Pod/${pod.metadata.name}: the server's NetworkPolicy applies to the test pod`);
    }
    const admitted = grpc && (grpc.from || []).some((p) => !p.namespaceSelector && matches(p.podSelector, labels));
    if (!admitted) problems.push(`Pod/${pod.metadata.name}: the NetworkPolicy does not admit the test pod`);
  }
}

if (docs.length === 0) problems.push("nothing rendered");
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${docs.length} manifests valid: ${docs.map((d) => d.kind).join(", ")}`);
