{{/*
The repository's single Envoy bootstrap (files/envoy-bootstrap.yaml) with its placeholders filled.
The node id placeholder only matters when --service-node is absent: the Deployment passes the pod
name with --service-node, which takes precedence over node.id.
*/}}
{{- define "breakwater.gatewayBootstrap" -}}
{{- $gw := include "breakwater.gatewayName" . -}}
{{- .Files.Get "files/envoy-bootstrap.yaml"
    | replace "__NODE_ID__" $gw
    | replace "__NODE_CLUSTER__" $gw
    | replace "__XDS_HOST__" (include "breakwater.xdsHost" .)
    | replace "__XDS_PORT__" (toString .Values.operator.xdsPort)
    | replace "__ADMIN_ADDRESS__" "127.0.0.1"
    | replace "__ADMIN_PORT__" (toString .Values.gateway.adminPort)
    | replace "__XDS_SDS_DIR__" "/etc/envoy"
    | replace "__XDS_TLS_DIR__" (include "breakwater.gatewayXdsTlsDir" .) -}}
{{- end -}}

{{/* One of the SDS files that load the gateway's xDS certificate (files/envoy-xds-*.yaml). */}}
{{- define "breakwater.gatewaySds" -}}
{{- .ctx.Files.Get (printf "files/%s" .file)
    | replace "__XDS_TLS_DIR__" (include "breakwater.gatewayXdsTlsDir" .ctx) -}}
{{- end -}}
