package dev.breakwater.xds.policies.ratelimit;

import dev.breakwater.xds.model.FixedAnswer;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.model.PolicySettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * RateLimitPolicy spec, bound after the CRD's defaults were applied.
 *
 * @param response what a refused caller gets instead of Envoy's plain 429 (null: that)
 */
public record RateLimitSettings(PolicyMode mode, boolean responseHeaders, List<Limit> limits,
    FixedAnswer response)
    implements PolicySettings {

  public RateLimitSettings {
    limits = limits == null ? List.of() : List.copyOf(limits);
  }

  /**
   * One token bucket (or one bucket per key value).
   *
   * @param requests tokens added every {@code period}
   * @param burst bucket size; null in the object means {@code requests}
   * @param key null: one bucket for the whole target
   * @param match null: every request
   */
  public record Limit(
      String name, int requests, Duration period, Integer burst, Key key, RouteMatch match) {

    public int bucketSize() {
      return burst == null ? requests : burst;
    }
  }

  /** Exactly one of {@code header} or {@code remoteAddress}. */
  public record Key(String header, RemoteAddress remoteAddress) {
    public Key {
      // HTTP header names are case-insensitive; Envoy looks them up lowercase
      header = header == null ? null : header.toLowerCase(Locale.ROOT);
    }

    public static Key byHeader(String name) {
      return new Key(name, null);
    }

    public static Key byRemoteAddress() {
      return new Key(null, new RemoteAddress());
    }

    public boolean isRemoteAddress() {
      return remoteAddress != null;
    }
  }

  /** {@code remoteAddress: {}}: a bucket per client address. */
  public record RemoteAddress() {}

  /** Requests a limit applies to; a null or empty part matches everything. */
  public record RouteMatch(PathMatch path, List<String> methods) {
    public RouteMatch {
      methods = methods == null ? List.of() : List.copyOf(methods);
    }
  }

  public record PathMatch(PathMatchType type, String value) {}

  public enum PathMatchType {
    Exact,
    Prefix,
    RegularExpression
  }
}
