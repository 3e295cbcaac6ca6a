package dev.breakwater.xds.envoy;

import java.util.List;

/**
 * Which address is the client's: what keys per-client rate limits ({@code key.remoteAddress}).
 * Behind a load balancer the TCP peer is the balancer, so the client address comes from
 * {@code X-Forwarded-For} (a hop count, or the proxies' CIDRs, which hold however many hops
 * there are) or from the PROXY protocol header an L4 balancer adds.
 *
 * @param xffTrustedHops take the client from the Nth X-Forwarded-For entry from the right
 *     (0: the TCP peer)
 * @param xffTrustedCidrs take the rightmost X-Forwarded-For entry outside these ranges (wins
 *     over the hop count)
 * @param proxyProtocol every connection starts with a PROXY protocol header; one without is
 *     refused (accepting both would let a client name its own address)
 */
public record ClientAddress(int xffTrustedHops, List<String> xffTrustedCidrs,
    boolean proxyProtocol) {
  public static final ClientAddress PEER = new ClientAddress(0, List.of(), false);

  public ClientAddress {
    if (xffTrustedHops < 0) {
      throw new IllegalArgumentException("xffTrustedHops must be >= 0, got " + xffTrustedHops);
    }
    xffTrustedCidrs = xffTrustedCidrs == null ? List.of() : List.copyOf(xffTrustedCidrs);
  }
}
