{{/*
What the operator does in a namespace it watches, and nothing more (no wildcards, no get: every
read goes through informers, every write is a server-side-apply patch):
- lists and watches the three policy kinds, and patches their status subresource;
- lists and watches Services and EndpointSlices (the translation's input);
- with operator.manageProbes, lists and watches Deployments and patches probes onto the pod
  template of those behind a HealthCheck's Service;
- records Events about the policies.
*/}}
{{- define "breakwater.rbac.watchRules" -}}
- apiGroups: ["resilience.breakwater.dev"]
  resources: ["circuitbreakerpolicies", "ratelimitpolicies", "healthchecks"]
  verbs: ["list", "watch"]
- apiGroups: ["resilience.breakwater.dev"]
  resources: ["circuitbreakerpolicies/status", "ratelimitpolicies/status", "healthchecks/status"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["list", "watch"]
{{- if .Values.operator.manageProbes }}
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "patch"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
