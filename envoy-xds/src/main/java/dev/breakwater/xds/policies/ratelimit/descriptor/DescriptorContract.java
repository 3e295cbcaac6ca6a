package dev.breakwater.xds.policies.ratelimit.descriptor;

/**
 * Names shared by the translator (what a route sends) and the rate limit service (what it
 * reads). The full contract is in docs/global-rate-limits.md.
 *
 * <p>A global limit is one descriptor: {@code breakwater_limit=<namespace>/<policy>/<limit>},
 * {@code breakwater_rule=<rule>} (see {@link RuleCodec}), then the key entries, if any:
 * {@code breakwater_key=<header value>} or {@code remote_address=<client address>}. A descriptor
 * without {@code breakwater_limit} is not Breakwater's and is answered OK.
 */
public final class DescriptorContract {

  /** The ratelimit filter's {@code domain}; the service accepts any domain. */
  public static final String DOMAIN = "breakwater";
  public static final String LIMIT_ENTRY = "breakwater_limit";
  public static final String RULE_ENTRY = "breakwater_rule";
  /** Entry key of a header value ({@code request_headers.descriptor_key}). */
  public static final String HEADER_KEY_ENTRY = "breakwater_key";
  /** Entry key Envoy's {@code remote_address} action always uses. */
  public static final String REMOTE_ADDRESS_ENTRY = "remote_address";
  /** Upper bound of {@code hits_addend}: a sliding log adds one member per hit. */
  public static final int MAX_HITS = 1_000;

  private DescriptorContract() {}
}
