{{/* Chart name, overridable. */}}
{{- define "breakwater.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Object name prefix: <release>-breakwater, or the release name when it already says breakwater. */}}
{{- define "breakwater.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Names of the gateway objects (kept under 63 characters with the suffix). */}}
{{- define "breakwater.gatewayName" -}}
{{- printf "%s-gateway" (include "breakwater.fullname" . | trunc 55 | trimSuffix "-") -}}
{{- end -}}

{{- define "breakwater.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "breakwater.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: breakwater
{{- end -}}

{{/* Selector labels; call with (dict "ctx" $ "component" "operator"). */}}
{{- define "breakwater.selectorLabels" -}}
app.kubernetes.io/name: {{ include "breakwater.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "breakwater.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "breakwater.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag or repository@digest; call with (dict "image" .Values.x.image "default" "<tag>"). */}}
{{- define "breakwater.image" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .default .image.tag) -}}
{{- end -}}
{{- end -}}

{{/* "true" when replicas share the work through a Lease. */}}
{{- define "breakwater.leaderElection" -}}
{{- if or .Values.operator.leaderElection.enabled (gt (int .Values.replicaCount) 1) -}}
true
{{- else -}}
false
{{- end -}}
{{- end -}}

{{/* The DNS name Envoy uses to reach the operator's xDS port. */}}
{{- define "breakwater.xdsHost" -}}
{{- printf "%s.%s.svc.%s" (include "breakwater.fullname" .) .Release.Namespace .Values.clusterDomain -}}
{{- end -}}

{{/*
The operator image. It is not published anywhere, so the chart has no default repository:
`required` stops install/template with this message (helm lint, which renders the defaults, only
reports it as [INFO]).
*/}}
{{- define "breakwater.operatorImage" -}}
{{- $repository := required "image.repository is not set: the Breakwater operator image is not published to any registry. Build it and push it to a registry your cluster pulls from (docs/helm.md, \"The image\": ./mvnw -pl operator -am package jib:build -DskipTests -Djib.containerize=dev.breakwater:breakwater-operator -Djib.to.image=REGISTRY/breakwater:TAG), then install with --set image.repository=REGISTRY/breakwater --set image.tag=TAG" .Values.image.repository -}}
{{- include "breakwater.image" (dict "image" .Values.image "default" .Chart.AppVersion) -}}
{{- end -}}

{{/*
Values that pass the schema but cannot work together; rendered (empty) by every Deployment so
that install and template stop before anything is created.
*/}}
{{- define "breakwater.validate" -}}
{{- $op := .Values.operator -}}
{{- if eq (int $op.xdsPort) (int $op.httpPort) -}}
{{- fail (printf "operator.xdsPort and operator.httpPort are both %d: the operator's pod cannot listen twice on one port" (int $op.xdsPort)) -}}
{{- end -}}
{{- if .Values.gateway.enabled -}}
{{- $gw := .Values.gateway -}}
{{- $ports := dict -}}
{{- range $name, $port := dict "operator.listenerPort" $op.listenerPort "gateway.adminPort" $gw.adminPort "gateway.stats.port" $gw.stats.port -}}
{{- $key := toString (int $port) -}}
{{- if hasKey $ports $key -}}
{{- fail (printf "%s and %s are both %s: the gateway's Envoy cannot listen twice on one port" (get $ports $key) $name $key) -}}
{{- end -}}
{{- $_ := set $ports $key $name -}}
{{- end -}}
{{- if and $gw.drain.enabled (le (int $gw.terminationGracePeriodSeconds) (add (int $gw.drain.seconds) 5)) -}}
{{- fail (printf "gateway.terminationGracePeriodSeconds (%d) must exceed gateway.drain.seconds + 5 (%d): the kubelet would kill Envoy before its drain ends" (int $gw.terminationGracePeriodSeconds) (add (int $gw.drain.seconds) 5)) -}}
{{- end -}}
{{- if and $gw.autoscaling.enabled (gt (int $gw.autoscaling.minReplicas) (int $gw.autoscaling.maxReplicas)) -}}
{{- fail (printf "gateway.autoscaling.minReplicas (%d) is above maxReplicas (%d)" (int $gw.autoscaling.minReplicas) (int $gw.autoscaling.maxReplicas)) -}}
{{- end -}}
{{- if and $gw.autoscaling.enabled (not $gw.autoscaling.targetCPUUtilizationPercentage) (not $gw.autoscaling.targetMemoryUtilizationPercentage) -}}
{{- fail "gateway.autoscaling needs targetCPUUtilizationPercentage or targetMemoryUtilizationPercentage" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Scheduling of a component's pods: the values' affinity and topologySpreadConstraints as given;
when they are empty and more than one replica may run, soft spreading over nodes (pod
anti-affinity) and zones (topology spread), never refusing to schedule.
Call with (dict "ctx" $ "component" "gateway" "values" .Values.gateway "replicated" true).
*/}}
{{- define "breakwater.scheduling" -}}
{{- $selector := include "breakwater.selectorLabels" (dict "ctx" .ctx "component" .component) | fromYaml -}}
{{- $spread := and .values.preferSpread .replicated -}}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .values.affinity }}
affinity:
  {{- toYaml .values.affinity | nindent 2 }}
{{- else if $spread }}
affinity:
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- toYaml $selector | nindent 14 }}
{{- end }}
{{- if .values.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml .values.topologySpreadConstraints | nindent 2 }}
{{- else if $spread }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- toYaml $selector | nindent 8 }}
{{- end }}
{{- end -}}

{{/*
A PodDisruptionBudget; call with (dict "ctx" $ "component" "operator" "name" <name> "budget" <values>).
*/}}
{{- define "breakwater.podDisruptionBudget" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "breakwater.labels" .ctx | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not (eq (toString .budget.minAvailable) "") }}
  minAvailable: {{ include "breakwater.intOrPercent" .budget.minAvailable }}
  {{- else }}
  maxUnavailable: {{ include "breakwater.intOrPercent" .budget.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "breakwater.selectorLabels" (dict "ctx" .ctx "component" .component) | nindent 6 }}
{{- end -}}

{{/* An IntOrString value: integers as they are, percentages ("50%") quoted. */}}
{{- define "breakwater.intOrPercent" -}}
{{- if kindIs "string" . -}}{{ quote . }}{{- else -}}{{ int . }}{{- end -}}
{{- end -}}
