package dev.breakwater.e2e.helm;

import java.util.ArrayList;
import java.util.List;

/**
 * The suite runs in a network namespace without a route out (e2e/tools/netns/bin/java). Building
 * the image base needs Debian's package mirror and the Jib build Maven Central, so those two
 * build steps, and only they, run in the namespace the launcher started in (it exports its path).
 */
public final class HostNetwork {
  private HostNetwork() {}

  public static List<String> command(List<String> command) {
    String host = System.getenv("BREAKWATER_HOST_NETNS");
    if (!Boolean.getBoolean("breakwater.e2e.netns") || host == null) {
      return command;
    }
    List<String> out = new ArrayList<>(List.of("nsenter", "--net=" + host, "--"));
    out.addAll(command);
    return out;
  }
}
