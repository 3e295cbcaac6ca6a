package dev.breakwater.xds.policies.ratelimit;

import dev.breakwater.xds.model.FixedAnswer;
import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.xds.model.PolicyMode;
import dev.breakwater.xds.model.PolicySettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * RateLimitPolicy spec, bound after the CRD's defaults were applied.
 *
 * @param response what a refused caller gets instead of Envoy's plain 429 (null: that)
 * @param failureMode what callers get while global limits cannot be decided (null: Open)
 */
public record RateLimitSettings(PolicyMode mode, boolean responseHeaders, List<Limit> limits,
    FixedAnswer response, FailureMode failureMode)
    implements PolicySettings {

  public RateLimitSettings {
    limits = limits == null ? List.of() : List.copyOf(limits);
    failureMode = failureMode == null ? FailureMode.Open : failureMode;
  }

  /** Local limits only (no failure mode to choose). */
  public RateLimitSettings(PolicyMode mode, boolean responseHeaders, List<Limit> limits,
      FixedAnswer response) {
    this(mode, responseHeaders, limits, response, FailureMode.Open);
  }

  public List<Limit> localLimits() {
    return limits.stream().filter(l -> !l.global()).toList();
  }

  public List<Limit> globalLimits() {
    return limits.stream().filter(Limit::global).toList();
  }

  /** What callers get while the rate limit service or its store cannot decide. */
  public enum FailureMode {
    Open,
    Closed
  }

  /** Local: a budget per proxy. Global: one budget across every proxy, in Redis. */
  public enum Scope {
    Local,
    Global
  }

  /**
   * One token bucket or window (or one per key value).
   *
   * @param requests tokens added every {@code period}, or requests per window
   * @param burst bucket size; null in the object means {@code requests}
   * @param key null: one budget for the whole target
   * @param match null: every request
   * @param scope null: Local
   * @param algorithm null: TokenBucket (the only one a Local limit has)
   */
  public record Limit(String name, int requests, Duration period, Integer burst, Key key,
      RouteMatch match, Scope scope, Algorithm algorithm) {

    public Limit {
      scope = scope == null ? Scope.Local : scope;
      algorithm = algorithm == null ? Algorithm.TokenBucket : algorithm;
    }

    /** A local token bucket. */
    public Limit(String name, int requests, Duration period, Integer burst, Key key,
        RouteMatch match) {
      this(name, requests, period, burst, key, match, Scope.Local, Algorithm.TokenBucket);
    }

    public int bucketSize() {
      return burst == null ? requests : burst;
    }

    public boolean global() {
      return scope == Scope.Global;
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
