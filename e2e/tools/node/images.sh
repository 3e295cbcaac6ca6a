# Image tars for the node, built locally (no registry is reachable): `docker save` layout (one
# uncompressed layer, a config named by its digest, manifest.json with the tag), which
# `ctr images import` takes. Sourced by e2e/tools/cluster; every function prints the tar's path.
# Tags are never "latest", so the kubelet's default pull policy (IfNotPresent) uses them as they are.

# image_tar <rootfs dir> <repo:tag> <out tar> <config JSON object>
image_tar() {
  local rootfs=$1 tag=$2 out=$3 config=$4 work layer sum cfg cfgsum
  work=$(mktemp -d "$(dirname "$out")/.image.XXXXXX")
  layer=$work/layer.tar
  tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$rootfs" -cf "$layer" .
  sum=$(sha256sum "$layer" | cut -d' ' -f1)
  mv "$layer" "$work/$sum.tar"
  cfg=$work/config.json
  cat >"$cfg" <<JSON
{"architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
 "config": $config,
 "rootfs": {"type": "layers", "diff_ids": ["sha256:$sum"]},
 "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "e2e/tools/node/images.sh"}]}
JSON
  cfgsum=$(sha256sum "$cfg" | cut -d' ' -f1)
  mv "$cfg" "$work/$cfgsum.json"
  echo "[{\"Config\": \"$cfgsum.json\", \"RepoTags\": [\"$tag\"], \"Layers\": [\"$sum.tar\"]}]" \
    >"$work/manifest.json"
  tar -C "$work" -cf "$out.tmp" manifest.json "$cfgsum.json" "$sum.tar"
  mv "$out.tmp" "$out"
  rm -rf "$work"
}

# Copies a dynamically linked binary and every library it loads (ldd: the whole closure, with the
# loader) into a rootfs at the same paths.
copy_with_libraries() { # <binary> <rootfs> <path inside rootfs>
  local bin=$1 rootfs=$2 dest=$3 lib
  install -D -m 0755 "$bin" "$rootfs$dest"
  for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
    [ -e "$rootfs$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$rootfs$lib"
  done
}

# A minimal /etc for images that run as a non-root uid.
etc_files() { # <rootfs> <uid> <name>
  mkdir -p "$1/etc" "$1/tmp"
  chmod 1777 "$1/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\n%s:x:%s:%s:%s:/tmp:/sbin/nologin\n' "$3" "$2" "$2" "$3" >"$1/etc/passwd"
  printf 'root:x:0:\n%s:x:%s:\n' "$3" "$2" >"$1/etc/group"
}

# The pod sandbox image: pause.c from the k8s.io/kubernetes module, linked statically.
build_pause_image() { # <out dir> <tag>
  local out=$1/pause.tar work src
  [ -f "$out" ] && { echo "$out"; return; }
  need gcc "apt-get install gcc libc6-dev"
  src=$(cd "$here/node" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c
  work=$(mktemp -d "$1/.pause.XXXXXX")
  mkdir -p "$work/rootfs"
  gcc -Os -static -DVERSION="v$PAUSE_VERSION" -o "$work/rootfs/pause" "$src"
  strip "$work/rootfs/pause"
  image_tar "$work/rootfs" "$2" "$out" '{"Entrypoint": ["/pause"], "User": "65535:65535"}'
  rm -rf "$work"
  echo "$out"
}

# busybox from Debian's busybox-static, every applet linked under /bin.
build_busybox_image() { # <out dir> <tag>
  local out=$1/busybox.tar work applet
  [ -f "$out" ] && { echo "$out"; return; }
  work=$(mktemp -d "$1/.busybox.XXXXXX")
  mkdir -p "$work/rootfs/bin"
  install -m 0755 /bin/busybox "$work/rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$work/rootfs/bin/$applet"
  done
  etc_files "$work/rootfs" 65532 nonroot
  image_tar "$work/rootfs" "$2" "$out" '{"Env": ["PATH=/bin"], "Cmd": ["sh"]}'
  rm -rf "$work"
  echo "$out"
}

# Envoy: the binary of the PyPI wheel plus the glibc libraries it links, and bash and sleep as
# in envoyproxy/envoy (Ubuntu-based): the chart's preStop drain runs them.
build_envoy_image() { # <out dir> <tag> <envoy binary>
  local out=$1/envoy.tar work
  [ -f "$out" ] && { echo "$out"; return; }
  work=$(mktemp -d "$1/.envoy.XXXXXX")
  copy_with_libraries "$(readlink -f "$3")" "$work/rootfs" /usr/local/bin/envoy
  copy_with_libraries "$(readlink -f /bin/bash)" "$work/rootfs" /bin/bash
  copy_with_libraries "$(readlink -f /bin/sleep)" "$work/rootfs" /bin/sleep
  etc_files "$work/rootfs" 101 envoy
  image_tar "$work/rootfs" "$2" "$out" \
    '{"Env": ["PATH=/usr/local/bin:/usr/bin:/bin"], "Entrypoint": ["/usr/local/bin/envoy"], "User": "101:101"}'
  rm -rf "$work"
  echo "$out"
}

# curl (what the chart's `helm test` Pod runs) from Debian's package, with its libraries.
build_curl_image() { # <out dir> <tag>
  local out=$1/curl.tar work
  [ -f "$out" ] && { echo "$out"; return; }
  work=$(mktemp -d "$1/.curl.XXXXXX")
  copy_with_libraries /usr/bin/curl "$work/rootfs" /usr/bin/curl
  etc_files "$work/rootfs" 65532 nonroot
  image_tar "$work/rootfs" "$2" "$out" '{"Env": ["PATH=/usr/bin:/bin"], "Entrypoint": ["curl"]}'
  rm -rf "$work"
  echo "$out"
}
