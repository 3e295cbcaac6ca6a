package dev.breakwater.xds.model;

import java.time.Duration;
import java.util.List;

/** RateLimitPolicy spec with defaults applied. */
public record RateLimitSpec(Mode mode, boolean responseHeaders, List<Limit> limits)
    implements PolicySpec {

  public RateLimitSpec {
    mode = mode == null ? Mode.Enforce : mode;
    limits = limits == null ? List.of() : List.copyOf(limits);
  }

  @Override
  public PolicyKind kind() {
    return PolicyKind.RateLimitPolicy;
  }

  /**
   * One token bucket (or one bucket per key value).
   *
   * @param requests tokens added every {@code period}
   * @param burst bucket size (defaults to {@code requests})
   * @param key null: one bucket for the whole target
   * @param match null: every request
   */
  public record Limit(
      String name, int requests, Duration period, int burst, Key key, RouteMatch match) {}

  /** Exactly one of {@code header} or {@code remoteAddress}. */
  public record Key(String header, boolean remoteAddress) {
    public static Key byHeader(String name) {
      return new Key(name, false);
    }

    public static Key byRemoteAddress() {
      return new Key(null, true);
    }
  }

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
