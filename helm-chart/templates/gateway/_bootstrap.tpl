{{/*
The repository's single Envoy bootstrap (files/envoy-bootstrap.yaml) with its placeholders filled,
plus the gateway's stats listener and admin cluster (files/envoy-gateway-stats.yaml).
The node id placeholder only matters when --service-node is absent: the Deployment passes the pod
name with --service-node, which takes precedence over node.id.
*/}}
{{- define "breakwater.gatewayBootstrap" -}}
{{- $gw := include "breakwater.gatewayName" . -}}
{{- $bootstrap := .Files.Get "files/envoy-bootstrap.yaml"
    | replace "__NODE_ID__" $gw
    | replace "__NODE_CLUSTER__" $gw
    | replace "__XDS_HOST__" (include "breakwater.xdsHost" .)
    | replace "__XDS_PORT__" (toString .Values.operator.xdsPort)
    | replace "__ADMIN_ADDRESS__" "127.0.0.1"
    | replace "__ADMIN_PORT__" (toString .Values.gateway.adminPort)
    | replace "__XDS_SDS_DIR__" "/etc/envoy"
    | replace "__XDS_TLS_DIR__" (include "breakwater.gatewayXdsTlsDir" .) -}}
{{- $stats := .Files.Get "files/envoy-gateway-stats.yaml"
    | replace "__STATS_PORT__" (toString .Values.gateway.stats.port)
    | replace "__ADMIN_PORT__" (toString .Values.gateway.adminPort)
    | fromYaml -}}
{{- if not (and (contains "\nstatic_resources:\n" $bootstrap) (contains "\n  clusters:\n" $bootstrap)) -}}
{{- fail "files/envoy-bootstrap.yaml no longer has 'static_resources:' and '  clusters:' lines: templates/gateway/_bootstrap.tpl inserts the stats listener there" -}}
{{- end -}}
{{- $bootstrap
    | replace "\n  clusters:\n" (printf "\n  clusters:\n%s\n" (toYaml $stats.clusters | indent 2))
    | replace "\nstatic_resources:\n" (printf "\nstatic_resources:\n  listeners:\n%s\n" (toYaml $stats.listeners | indent 2)) -}}
{{- end -}}

{{/* One of the SDS files that load the gateway's xDS certificate (files/envoy-xds-*.yaml). */}}
{{- define "breakwater.gatewaySds" -}}
{{- .ctx.Files.Get (printf "files/%s" .file)
    | replace "__XDS_TLS_DIR__" (include "breakwater.gatewayXdsTlsDir" .ctx) -}}
{{- end -}}
