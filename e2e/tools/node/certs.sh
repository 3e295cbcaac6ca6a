# The node's PKI, made fresh on every `cluster up` (EC P-256 keys: fast on 2 cores): one CA that
# signs the API server's serving certificate, the kubelet's, and a client certificate per
# component, whose CN/O are the users and groups the API server's RBAC and Node authorizer know.
# Sourced by e2e/tools/cluster.

ec_key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }

# cert <dir> <name> <subject> [subjectAltName]
cert() {
  local dir=$1 name=$2 subject=$3 san=${4:-} ext
  ec_key "$dir/$name.key"
  ext=$dir/$name.ext
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$ext"
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 7 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
}

make_pki() { # <dir> <node ip> <kubernetes service ip> <node name>
  local dir=$1 ip=$2 svc=$3 node=$4
  mkdir -p "$dir"
  ec_key "$dir/ca.key"
  openssl req -x509 -new -key "$dir/ca.key" -subj "/CN=breakwater-node-ca" -days 7 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.crt" 2>/dev/null
  cert "$dir" apiserver "/CN=kube-apiserver" \
    "IP:$ip,IP:127.0.0.1,IP:$svc,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost"
  cert "$dir" kubelet-serving "/CN=system:node:$node/O=system:nodes" "IP:$ip,DNS:$node"
  cert "$dir" admin "/CN=breakwater-admin/O=system:masters"
  cert "$dir" apiserver-kubelet-client "/CN=kube-apiserver-kubelet-client/O=system:masters"
  cert "$dir" kubelet "/CN=system:node:$node/O=system:nodes"
  cert "$dir" controller-manager "/CN=system:kube-controller-manager"
  cert "$dir" scheduler "/CN=system:kube-scheduler"
  cert "$dir" kube-proxy "/CN=system:kube-proxy"
  cert "$dir" coredns "/CN=breakwater:coredns"
  ec_key "$dir/sa.key"
  openssl ec -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
}

# kubeconfig <file> <server> <pki dir> <client cert name>: certificates inlined.
kubeconfig() {
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: breakwater-node
  cluster:
    server: $2
    certificate-authority-data: $(base64 -w0 "$3/ca.crt")
users:
- name: $4
  user:
    client-certificate-data: $(base64 -w0 "$3/$4.crt")
    client-key-data: $(base64 -w0 "$3/$4.key")
contexts:
- name: breakwater-node
  context: {cluster: breakwater-node, user: $4, namespace: default}
current-context: breakwater-node
EOF
}
