package dev.breakwater.e2e;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address upstreams listen on and EndpointSlices point at. It cannot be 127.0.0.1:
 * kube-apiserver rejects loopback (and unspecified, link-local) EndpointSlice addresses ("may not
 * be in the loopback range"). The suite therefore runs in a network namespace of its own
 * (e2e/tools/netns/bin/java, failsafe's launcher) with one extra address on its loopback interface;
 * traffic to it cannot leave that namespace. Never a real interface of the host, except with the
 * kind provider on a Docker host (e2e/kind/run.sh passes the host's address on kind's network).
 */
public final class UpstreamAddress {
  private static volatile InetAddress address;

  private UpstreamAddress() {}

  public static InetAddress get() {
    if (address == null) {
      address = find();
    }
    return address;
  }

  public static String text() {
    return get().getHostAddress();
  }

  private static InetAddress find() {
    String configured = System.getProperty("breakwater.e2e.upstreamAddress");
    boolean external = "kind".equals(System.getProperty("breakwater.cluster"));
    if (configured == null || configured.isBlank() || !(external || Boolean.getBoolean("breakwater.e2e.netns"))) {
      throw new IllegalStateException("upstreams need the suite's own network namespace: run the e2e "
          + "tests through Maven (failsafe launches them with e2e/tools/netns/bin/java)");
    }
    try {
      return InetAddress.getByName(configured);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an address: " + configured, e);
    }
  }
}
