// Command etcd is the etcd server built from its Go module, because the test bed can reach the
// Go module proxy but no release download site.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
