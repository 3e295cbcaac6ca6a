//go:build tools

// Package tools pins the node's Kubernetes commands, built from the same k8s.io/kubernetes module
// (and the same staging replacements) as kube-apiserver in ../k8s.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
)
