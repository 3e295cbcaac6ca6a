package dev.breakwater.xds.policies.ratelimit;

import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.xds.policies.ratelimit.RateLimitSettings.Limit;
import java.util.Comparator;
import java.util.List;

/**
 * Where each local limit of a policy sits in the chain of {@code local_ratelimit} filters, one filter per
 * limit, and in which order the global ones are decided. Envoy stops at the first empty bucket, so the chain is ordered smallest bucket first: a
 * request the tightest limit refuses takes no token from the looser ones, and what passes is what
 * the tightest limit alone admits. (Envoy's own way with several limits in one filter orders them
 * by refill rate and spends the slow bucket on requests the fast one then refuses: -47 % measured,
 * docs/semantics.md.) A limit without a {@code match} is configured on the virtual host, one bucket
 * for every route of the port; one with a {@code match} on a route of its own. The operator reads
 * the stats through the same layout: the last filter of the chain counts what passed them all.
 * Global limits are decided after the whole chain, in the same order among themselves, by one
 * call (GlobalRateLimitTranslator).
 */
public final class RateLimitLayout {
  /**
   * Global limits' stats: {@code cluster.<service port>.ratelimit.<prefix><answer>.<counter>},
   * answer {@code open}, {@code closed} or {@code dryrun}.
   */
  public static final String GLOBAL_STAT_PREFIX = "breakwater_global_";

  private static final Comparator<Limit> CHECK_ORDER = Comparator
      .comparingLong((Limit l) -> l.bucketSize())
      .thenComparingDouble(l -> l.requests() / (double) l.period().toNanos())
      .thenComparing(Limit::name);

  private RateLimitLayout() {}

  /** Every local limit, in the order Envoy checks them (the filter chain). */
  public static List<Limit> chain(RateLimitSettings settings) {
    return settings.localLimits().stream().sorted(CHECK_ORDER).toList();
  }

  /** Every global limit, in the order the service decides them (after the chain). */
  public static List<Limit> globalOrder(RateLimitSettings settings) {
    return settings.globalLimits().stream().sorted(CHECK_ORDER).toList();
  }

  /**
   * The stat prefixes of the global filters (one per way of answering): a Service port's global
   * counts are the sum over them, whichever mode and failureMode its policy had.
   */
  public static List<String> globalStatPrefixes() {
    return java.util.Arrays.stream(GlobalRateLimitTranslator.Answer.values())
        .map(GlobalRateLimitTranslator.Answer::statPrefix).toList();
  }

  /** The stat prefix of a limit's filter: {@code <prefix>.http_local_rate_limit.<counter>}. */
  public static String statPrefix(String namespace, String policy, String limit) {
    return EnvoyNames.rateLimitStatPrefix(namespace, policy, limit);
  }
}
