package dev.breakwater.e2e.helm;

import java.util.ArrayList;
import java.util.List;

/**
 * The suite runs in a network namespace without a route out (e2e/tools/netns/java). Building
 * the image base needs Debian's package mirror and the Jib build Maven Central, so those two
 * build steps, and only they, run in the host's network namespace (the one of PID 1).
 */
final class HostNetwork {
  private HostNetwork() {}

  static List<String> command(List<String> command) {
    if (!Boolean.getBoolean("breakwater.e2e.netns")) {
      return command;
    }
    List<String> out = new ArrayList<>(List.of("nsenter", "--net=/proc/1/ns/net", "--"));
    out.addAll(command);
    return out;
  }
}
