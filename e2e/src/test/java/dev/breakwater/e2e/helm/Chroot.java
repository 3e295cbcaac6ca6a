package dev.breakwater.e2e.helm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts an image's process without a container runtime: new mount and PID
 * namespaces ({@code unshare}), the root filesystem bind-mounted read-only with a tmpfs on /tmp
 * (as the chart's readOnlyRootFilesystem + emptyDir), /proc and /dev mounted, then {@code chroot}
 * as the image's user with only the image's environment. The network is the host's, so the
 * process's ports are reachable on 127.0.0.1. Needs root.
 */
final class Chroot {
  private static final String SCRIPT = String.join("\n",
      "set -e",
      "root=$1; user=$2; shift 2",
      "mount --bind \"$root\" \"$root\"",
      "mount -o remount,bind,ro \"$root\"",
      "mount -t proc proc \"$root/proc\"",
      "mount --rbind /dev \"$root/dev\"",
      "mount -t tmpfs -o size=64m,mode=1777 tmpfs \"$root/tmp\"",
      "exec chroot --userspec=\"$user\" \"$root\" \"$@\"");

  private Chroot() {}

  static boolean available() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** {@code env -i ENV... ARGV...} inside the image, as {@code user} ("uid:gid"). */
  static List<String> command(Path rootfs, String user, List<String> env, List<String> argv) {
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork",
        "--kill-child", "sh", "-c", SCRIPT, "chroot-image", rootfs.toString(), user,
        "/usr/bin/env", "-i"));
    command.addAll(env);
    command.addAll(argv);
    return command;
  }
}
