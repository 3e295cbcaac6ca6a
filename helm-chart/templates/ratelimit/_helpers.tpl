{{/* Name of the rate limit service's objects (kept under 63 characters with the suffix). */}}
{{- define "breakwater.rateLimitName" -}}
{{- printf "%s-ratelimit" (include "breakwater.fullname" . | trunc 53 | trimSuffix "-") -}}
{{- end -}}

{{/* Name of the trial Redis's objects. */}}
{{- define "breakwater.trialRedisName" -}}
{{- printf "%s-redis-trial" (include "breakwater.fullname" . | trunc 50 | trimSuffix "-") -}}
{{- end -}}

{{/*
host:port the Envoys call: the headless Service's name, which resolves to every ready replica
(Envoy spreads calls over them and retries a vanished one on another).
*/}}
{{- define "breakwater.rateLimitAddress" -}}
{{- printf "%s.%s.svc.%s:%d" (include "breakwater.rateLimitName" .) .Release.Namespace .Values.clusterDomain (int .Values.rateLimitService.grpcPort) -}}
{{- end -}}

{{/* Redis addresses for the service: the configured ones, else the trial Redis. */}}
{{- define "breakwater.redisAddresses" -}}
{{- $rl := .Values.rateLimitService -}}
{{- if $rl.redis.addresses -}}
{{- join "," $rl.redis.addresses -}}
{{- else if $rl.trialRedis.enabled -}}
{{- printf "%s.%s.svc.%s:6379" (include "breakwater.trialRedisName" .) .Release.Namespace .Values.clusterDomain -}}
{{- else -}}
{{- fail "rateLimitService.enabled needs a Redis: set rateLimitService.redis.addresses (or rateLimitService.trialRedis.enabled to try it out)" -}}
{{- end -}}
{{- end -}}
