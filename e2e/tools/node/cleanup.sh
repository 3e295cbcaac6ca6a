# Tearing the node down, and finding what an interrupted run left behind: processes (by PID,
# found through the state directory they were started with), containerd shims (re-parented to
# PID 1; found by the containerd socket in their command line), cgroups (everything under the
# node's own cgroup root), mounts (everything under the state directory), the machine-wide
# sysctls the kubelet rewrites (saved before it starts, written back here), and the directories
# made outside the state directory. Sourced by e2e/tools/cluster; needs $state, $cgroup_name.

# The kubelet sets these machine-wide (pkg/kubelet/cm/container_manager_linux.go,
# setupKernelTunables) unless protectKernelDefaults, which instead refuses to start.
KUBELET_SYSCTLS="vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes"

sysctl_file() { echo "$state.sysctl"; }

save_sysctls() {
  local file key
  file=$(sysctl_file)
  [ -f "$file" ] && return 0 # an earlier run's originals: restored by cleanup first
  for key in $KUBELET_SYSCTLS; do echo "$key=$(cat "/proc/sys/$key")"; done >"$file.tmp"
  mv "$file.tmp" "$file"
}

restore_sysctls() {
  local file line
  file=$(sysctl_file)
  [ -f "$file" ] || return 0
  while IFS= read -r line; do
    echo "${line#*=}" >"/proc/sys/${line%%=*}"
  done <"$file"
  rm -f "$file"
}

# PIDs of processes whose command line mentions the state directory: the node's daemons (their
# flags point into it) and the shims (their -address is the containerd socket in it).
processes_of_state() {
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" = $$ ] && continue
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$state/" && echo "$pid"
  done
}

# PIDs in the node's cgroups (containers, whatever the runtime left).
processes_of_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/*/"$cgroup_name"; do
    [ -d "$dir" ] && find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null
  done
}

stop_pid() { # <pid> <seconds>: TERM, then KILL when it has not gone within <seconds>
  local pid=$1 deadline=$((SECONDS + $2))
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
}

# PID of a daemon this node started, if it still runs (PIDs are reused: the command line must
# still point into the state directory).
daemon_pid() {
  local pid
  [ -f "$state/pids/$1" ] || return 0
  pid=$(cat "$state/pids/$1")
  if tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$state/"; then
    echo "$pid"
  fi
}

stop_daemons() {
  local pid pids=() deadline
  # The kubelet first, so that it restarts nothing; the others together.
  pid=$(daemon_pid kubelet)
  [ -z "$pid" ] || stop_pid "$pid" 15
  for name in kube-proxy coredns kube-scheduler kube-controller-manager kube-apiserver etcd containerd; do
    pid=$(daemon_pid "$name")
    [ -z "$pid" ] || { kill -TERM "$pid" 2>/dev/null || true; pids+=("$pid"); }
  done
  deadline=$((SECONDS + 15))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$state"/pids/*
}

kill_leftovers() {
  local round pids
  for round in 1 2 3 4 5; do
    pids=$( (processes_of_state; processes_of_cgroups) | sort -u)
    [ -z "$pids" ] && return 0
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.3
  done
  pids=$( (processes_of_state; processes_of_cgroups) | sort -u | tr '\n' ' ')
  [ -z "$pids" ] || echo "cluster: processes left that could not be killed: $pids" >&2
}

unmount_state() {
  local mp round
  for round in 1 2 3; do
    # deepest first; mountinfo escapes spaces as \040
    for mp in $(awk -v p="$state/" 'index($5, p) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
      umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || true
    done
  done
  if awk -v p="$state/" 'index($5, p) == 1' /proc/self/mountinfo | grep -q .; then
    echo "cluster: mounts left under $state:" >&2
    awk -v p="$state/" 'index($5, p) == 1 {print "  " $5}' /proc/self/mountinfo >&2
  fi
}

remove_cgroups() {
  local dir
  for dir in /sys/fs/cgroup/*/"$cgroup_name"; do
    [ -d "$dir" ] || continue
    # children before parents
    find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [ -d "$dir" ] && echo "cluster: cgroup left: $dir" >&2
  done
  return 0
}

# Shim sockets land in containerd's fixed /run/containerd/s; the directory is removed when this
# node made it (recorded at start).
remove_runtime_dirs() {
  local dir
  if [ -f "$state/created-dirs" ]; then
    while IFS= read -r dir; do
      rm -rf "$dir"
    done <"$state/created-dirs"
  fi
}

cleanup_node() {
  [ -d "$state" ] || { restore_sysctls; return 0; }
  stop_daemons
  # the containers' logs outlive the node, next to the daemons' own
  if [ -d "$state/pod-logs" ] && [ -d "$logs" ]; then
    rm -rf "$logs/pods"
    cp -r "$state/pod-logs" "$logs/pods" 2>/dev/null || true
  fi
  kill_leftovers
  unmount_state
  remove_cgroups
  restore_sysctls
  remove_runtime_dirs
  # the pods' bridge, when this is the node's network namespace (never in the host's)
  if [ "$(readlink /proc/self/ns/net)" != "$(readlink /proc/1/ns/net)" ]; then
    ip link delete "$bridge" 2>/dev/null || true
  fi
  rm -rf "$state"
}
