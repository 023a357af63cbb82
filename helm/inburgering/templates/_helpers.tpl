{{- define "inburgering.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "inburgering.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "inburgering.labels" -}}
app.kubernetes.io/name: {{ include "inburgering.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "inburgering.selectorLabels" -}}
app.kubernetes.io/name: {{ include "inburgering.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The `helm test` pod: the release's labels, but not the server's selector, so that the
server's NetworkPolicy (egress to DNS and the database only) does not apply to it. */}}
{{- define "inburgering.testLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: {{ include "inburgering.name" . }}
app.kubernetes.io/component: helm-test
{{- end -}}

{{/* A Job's pod: the release's, but not the server's selector, so that the Service never sends
calls to it (it serves none) and the PodDisruptionBudget does not count it. */}}
{{- define "inburgering.jobLabels" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: {{ include "inburgering.name" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "inburgering.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "inburgering.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "inburgering.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The rules no schema can say: SQLite is one file on one volume, so one replica. */}}
{{- define "inburgering.validate" -}}
{{- if eq .Values.database.mode "sqlite" -}}
{{- if gt (int .Values.replicaCount) 1 -}}
{{- fail "database.mode sqlite runs exactly one replica (one database file on one volume): set replicaCount: 1, or use database.mode postgresql to scale out" -}}
{{- end -}}
{{- if .Values.autoscaling.enabled -}}
{{- fail "database.mode sqlite cannot autoscale: disable autoscaling, or use database.mode postgresql" -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.database.mode "postgresql") (not .Values.database.postgresql.existingSecret) -}}
{{- fail "database.mode postgresql needs database.postgresql.existingSecret (a Secret holding the database URL)" -}}
{{- end -}}
{{- end -}}

{{/* The server's container arguments and environment, shared by the Deployment and the migrations Job. */}}
{{- define "inburgering.env" -}}
- name: INBURGERING_LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: INBURGERING_TIME_ZONE
  value: {{ .Values.config.timeZone | quote }}
{{- if eq .Values.database.mode "postgresql" }}
- name: INBURGERING_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.postgresql.existingSecret }}
      key: {{ .Values.database.postgresql.urlKey }}
{{- else }}
- name: INBURGERING_DATABASE_URL
  value: sqlite:/var/lib/inburgering/inburgering.db
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- if .Values.secrets.existingSecret }}
- name: INBURGERING_PAGE_TOKEN_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.existingSecret }}
      key: {{ .Values.secrets.pageTokenSecretKey }}
- name: INBURGERING_PSEUDONYM_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.existingSecret }}
      key: {{ .Values.secrets.pseudonymKeyKey }}
{{- end }}
{{- end -}}

{{- define "inburgering.securityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The pod of a Job or CronJob running one server command (`args`) against the database. */}}
{{/* The files of the ConfigMap (indicator targets, logbook settings) the server reads, when set. */}}
{{- define "inburgering.configMount" -}}
{{- if or .Values.indicatorTargets .Values.logbookSettings }}
- name: config
  mountPath: /etc/inburgering/config
  readOnly: true
{{- end }}
{{- end -}}

{{- define "inburgering.configVolume" -}}
{{- if or .Values.indicatorTargets .Values.logbookSettings }}
- name: config
  configMap:
    name: {{ include "inburgering.fullname" . }}
    items:
      {{- if .Values.indicatorTargets }}
      - key: indicator-targets.json
        path: indicator-targets.json
      {{- end }}
      {{- if .Values.logbookSettings }}
      - key: logbook-settings.json
        path: logbook-settings.json
      {{- end }}
{{- end }}
{{- end -}}

{{- define "inburgering.jobPod" -}}
{{- $ := .root -}}
restartPolicy: Never
automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
containers:
  - name: {{ first .args }}
    image: {{ include "inburgering.image" $ }}
    imagePullPolicy: {{ $.Values.image.pullPolicy }}
    args: {{ toJson .args }}
    env:
      {{- include "inburgering.env" $ | nindent 6 }}
    resources:
      {{- toYaml $.Values.resources | nindent 6 }}
    securityContext:
      {{- include "inburgering.securityContext" $ | nindent 6 }}
    {{- with (include "inburgering.configMount" $) }}
    volumeMounts:
      {{- . | nindent 6 }}
    {{- end }}
{{- with (include "inburgering.configVolume" $) }}
volumes:
  {{- . | nindent 2 }}
{{- end }}
{{- end -}}
