{{/* Names of the xDS channel's TLS objects (see values xdsTls). */}}
{{- define "breakwater.xdsCaSecret" -}}
{{- printf "%s-xds-ca" (include "breakwater.fullname" . | trunc 56 | trimSuffix "-") -}}
{{- end -}}

{{- define "breakwater.xdsProxySecret" -}}
{{- printf "%s-xds-proxy" (include "breakwater.fullname" . | trunc 53 | trimSuffix "-") -}}
{{- end -}}

{{/* The operator's certificate when cert-manager issues it. */}}
{{- define "breakwater.xdsServerSecret" -}}
{{- printf "%s-xds-server" (include "breakwater.fullname" . | trunc 52 | trimSuffix "-") -}}
{{- end -}}

{{/* DNS names of the operator's xDS certificate: its Service's names. */}}
{{- define "breakwater.xdsServerNames" -}}
{{- $svc := include "breakwater.fullname" . -}}
{{- list (include "breakwater.xdsHost" .) (printf "%s.%s.svc" $svc .Release.Namespace) (printf "%s.%s" $svc .Release.Namespace) $svc | join "," -}}
{{- end -}}

{{/* Where the gateway mounts its xDS certificate (the proxy Secret). */}}
{{- define "breakwater.gatewayXdsTlsDir" -}}
/etc/breakwater/xds-tls
{{- end -}}
