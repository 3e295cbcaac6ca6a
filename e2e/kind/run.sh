#!/usr/bin/env bash
# End-to-end on a real cluster with kubelets (kind, in Docker): build the operator image with Jib
# into the local Docker daemon, create the cluster, load the image, `helm install` the chart,
# apply examples/ and a real echo backend, check that pods run, `helm test` passes, policies are
# Accepted and Programmed on the gateway, and traffic through the gateway is rate limited; then
# run the same e2e suite as on the local test bed with the cluster provider switched to kind.
# Tears the cluster down at the end unless KEEP_CLUSTER=1.
#
# Needs: docker (a running engine), Go (to install kind and helm from the Go module proxy, cached
# under ~/.cache/breakwater/), Java 17, curl. kubectl comes from e2e/tools/provision.
#
#   e2e/kind/run.sh                 everything
#   SKIP_SUITE=1 e2e/kind/run.sh    only the install and gateway checks
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=e2e/tools/versions.env disable=SC1091
source "$repo/e2e/tools/versions.env"
KIND_VERSION=${KIND_VERSION:-v0.29.0}
cache=${BREAKWATER_CACHE:-$HOME/.cache/breakwater}
cluster=${KIND_CLUSTER_NAME:-breakwater}
image=breakwater:kind
release=breakwater
ns=breakwater-system
examples_ns=breakwater-examples
work=$repo/e2e/target/kind
mkdir -p "$work"
kubeconfig=$work/kubeconfig

log() { echo "kind-e2e: $*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || { log "'$1' is missing: $2"; exit 3; }; }

need docker "install a Docker engine (kind runs Kubernetes nodes as containers)"
need go "install Go 1.24 or newer"
need curl "apt-get install curl"
docker info >/dev/null 2>&1 || { log "the Docker engine is not reachable"; exit 3; }

# Tools from the Go module proxy, one cached folder per version.
go_tool() { # <name> <version> <module path>
  local dir=$cache/$1-$2
  if [ ! -x "$dir/$1" ]; then
    log "installing $1 $2 (go install, first run only)"
    GOBIN=$dir CGO_ENABLED=0 go install "$3@$2" >&2
  fi
  echo "$dir/$1"
}
kind=$(go_tool kind "$KIND_VERSION" sigs.k8s.io/kind)
helm=$(go_tool helm "v$HELM_VERSION" helm.sh/helm/v3/cmd/helm)
eval "$("$repo/e2e/tools/provision" --env | grep '^KUBECTL=')"
kubectl() { "$KUBECTL" --kubeconfig "$kubeconfig" "$@"; }

cleanup() {
  local code=$?
  if [ "$code" != 0 ] && [ -f "$kubeconfig" ]; then
    log "failed ($code); cluster state:"
    kubectl get pods,svc,deploy -A -o wide >&2 || true
    kubectl -n "$ns" logs deploy/"$release" --tail=100 >&2 || true
    kubectl -n "$ns" logs deploy/"$release"-gateway --tail=50 >&2 || true
  fi
  if [ "${KEEP_CLUSTER:-0}" != 1 ]; then
    "$kind" delete cluster --name "$cluster" >&2 || true
  else
    log "keeping cluster $cluster (KUBECONFIG=$kubeconfig)"
  fi
  exit "$code"
}
trap cleanup EXIT

log "building $image with Jib into the Docker daemon"
(cd "$repo" && ./mvnw -B -q -pl operator -am package jib:dockerBuild -DskipTests \
  -Djib.containerize=dev.breakwater:breakwater-operator -Djib.to.image="$image")

log "creating kind cluster $cluster"
"$kind" delete cluster --name "$cluster" >/dev/null 2>&1 || true
"$kind" create cluster --name "$cluster" --config "$here/kind-config.yaml" \
  --kubeconfig "$kubeconfig" --wait 180s
"$kind" load docker-image "$image" --name "$cluster"

log "helm install"
kubectl create namespace "$examples_ns"
# Only the examples' namespace: the e2e suite below runs operators of its own in its namespaces.
"$helm" install "$release" "$repo/helm-chart" --kubeconfig "$kubeconfig" \
  --namespace "$ns" --create-namespace \
  --set image.repository=breakwater --set image.tag=kind --set image.pullPolicy=Never \
  --set "operator.watchNamespaces={$examples_ns}" \
  --set gateway.service.type=NodePort --set gateway.service.nodePort=30080
kubectl -n "$ns" rollout status deployment/"$release" --timeout=180s
"$helm" test "$release" --kubeconfig "$kubeconfig" --namespace "$ns" --logs --timeout 2m

log "applying examples/ and the echo backend to $examples_ns"
kubectl -n "$examples_ns" apply -f "$repo/examples/"
kubectl -n "$examples_ns" apply -f "$here/echo-backend.yaml"
kubectl -n "$ns" rollout status deployment/"$release"-gateway --timeout=180s
kubectl -n "$examples_ns" rollout status deployment/echo --timeout=180s

# every policy kind: one CRD per kind in the chart
kind_plurals=$(cd "$repo/helm-chart/crds" && ls -- *.yml | sed -n 's/\.resilience\.breakwater\.dev-v1\.yml$//p')
for kind_plural in $kind_plurals; do
  kubectl -n "$examples_ns" wait "$kind_plural" --all --timeout=120s \
    --for=jsonpath='{.status.conditions[?(@.type=="Accepted")].status}'=True
  kubectl -n "$examples_ns" wait "$kind_plural" --all --timeout=120s \
    --for=jsonpath='{.status.conditions[?(@.type=="Programmed")].status}'=True
done
kubectl -n "$examples_ns" get "$(echo $kind_plurals | tr ' ' ',')"

log "traffic through the gateway (NodePort 30080): 5 allowed, then 429"
codes=""
for _ in 1 2 3 4 5 6 7 8; do
  codes="$codes $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    -H "Host: echo.$examples_ns:8080" http://127.0.0.1:30080/hostname)"
done
log "status codes:$codes"
allowed=$(echo "$codes" | tr ' ' '\n' | grep -c '^200$' || true)
limited=$(echo "$codes" | tr ' ' '\n' | grep -c '^429$' || true)
if [ "$allowed" != 5 ] || [ "$limited" != 3 ]; then
  log "expected 5 x 200 then 3 x 429"
  exit 1
fi
kubectl -n "$examples_ns" wait ratelimitpolicy/echo --timeout=60s \
  --for=jsonpath='{.status.rateLimit.limitedRequests}'=3

if [ "${SKIP_SUITE:-0}" != 1 ]; then
  log "the e2e suite against the kind cluster"
  # The suite's Envoy and upstreams run on this host; EndpointSlices need a non-loopback address
  # of it, so the upstreams use this host's address on kind's Docker network.
  host_address=$(docker network inspect kind -f '{{range .IPAM.Config}}{{.Gateway}} {{end}}' \
    | tr ' ' '\n' | grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$')
  java_bin=$(dirname "$(readlink -f "$(command -v java)")")/java
  # The chart install tests and the image test are left out here: this script installs the chart
  # for real above (pods run, `helm test` passes), and further cluster-wide installs from the
  # suite would start operators competing with it; the image was built and loaded above.
  # ConnectTimeoutIT drops SYNs with nftables, which it only does in the suite's own network
  # namespace: here the suite runs on the host's network.
  (cd "$repo" && ./mvnw -B -pl e2e -am verify -Dbreakwater.cluster=kind \
    "-Dit.test=!HelmInstallIT,!HelmLeaderElectionIT,!OperatorImageIT,!ConnectTimeoutIT" \
    -Dbreakwater.kubeconfig="$kubeconfig" -De2e.jvm="$java_bin" -De2e.netns=false -DskipClusterTier \
    -Dupstream.address="$host_address")
fi
log "ok"
