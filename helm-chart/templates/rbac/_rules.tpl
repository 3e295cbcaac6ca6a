{{/*
What the operator does in a namespace it watches, and nothing more (no wildcards, no get: every
read goes through informers, every write is a server-side-apply patch):
- lists and watches every policy kind (one per CRD in crds/), and patches their status
  subresource;
- lists and watches Services and EndpointSlices (the translation's input);
- with operator.manageProbes, lists and watches Deployments and patches probes onto the pod
  template of those behind a HealthCheck's Service;
- records Events about the policies.
*/}}
{{- define "breakwater.rbac.watchRules" -}}
{{- $policies := list -}}
{{- $statuses := list -}}
{{- range $path, $_ := .Files.Glob "crds/*.yml" -}}
{{- $plural := (($.Files.Get $path) | fromYaml).spec.names.plural -}}
{{- $policies = append $policies $plural -}}
{{- $statuses = append $statuses (printf "%s/status" $plural) -}}
{{- end -}}
- apiGroups: ["resilience.breakwater.dev"]
  resources: {{ toJson $policies }}
  verbs: ["list", "watch"]
- apiGroups: ["resilience.breakwater.dev"]
  resources: {{ toJson $statuses }}
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
