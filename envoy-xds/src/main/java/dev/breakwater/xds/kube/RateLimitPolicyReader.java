package dev.breakwater.xds.kube;

import dev.breakwater.xds.model.Mode;
import dev.breakwater.xds.model.RateLimitSpec;
import dev.breakwater.xds.model.RateLimitSpec.Key;
import dev.breakwater.xds.model.RateLimitSpec.Limit;
import dev.breakwater.xds.model.RateLimitSpec.PathMatch;
import dev.breakwater.xds.model.RateLimitSpec.PathMatchType;
import dev.breakwater.xds.model.RateLimitSpec.RouteMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code RateLimitPolicy.spec}: the rules its CRD schema and CEL rules express. */
final class RateLimitPolicyReader {
  static final int MAX_LIMITS = 16;
  /** Envoy refuses token buckets that refill more often than every 50 ms. */
  static final Duration MIN_PERIOD = Duration.ofMillis(50);

  private static final Pattern LIMIT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private RateLimitPolicyReader() {}

  static RateLimitSpec spec(ObjectFields spec) {
    Mode mode = spec.enumValue("mode", Mode.class);
    boolean responseHeaders = spec.bool("responseHeaders", true);
    List<ObjectFields> items = spec.objects("limits");
    if (items.isEmpty()) {
      spec.error("limits", "Required value: at least one limit");
    } else if (items.size() > MAX_LIMITS) {
      spec.error("limits", "Too many: " + items.size() + ": must have at most " + MAX_LIMITS + " items");
    }
    List<Limit> limits = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ObjectFields item : items) {
      Limit limit = limit(item);
      if (limit.name() != null && !names.add(limit.name())) {
        item.error("name", "Duplicate value: \"" + limit.name() + "\": limit names must be unique");
      }
      limits.add(limit);
    }
    return new RateLimitSpec(mode, responseHeaders, limits);
  }

  private static Limit limit(ObjectFields item) {
    String name = item.requiredString("name");
    if (name != null && !name.isEmpty() && (!LIMIT_NAME.matcher(name).matches() || name.length() > 63)) {
      item.error("name", "must be a DNS label (lowercase letters, digits and '-'), got " + name);
    }
    Integer requests = item.requiredInteger("requests", 1, 1_000_000_000);
    Duration period = item.duration("period", MIN_PERIOD);
    if (!item.has("period")) {
      item.error("period", "Required value");
    }
    Integer burst = item.integer("burst", 1, 1_000_000_000);
    if (burst != null && requests != null && burst < requests) {
      item.error("burst", "must be at least requests (" + requests + "), got " + burst);
    }
    int effectiveRequests = requests == null ? 1 : requests;
    return new Limit(
        name,
        effectiveRequests,
        period == null ? Duration.ofSeconds(1) : period,
        burst == null ? effectiveRequests : burst,
        key(item.object("key")),
        match(item.object("match")));
  }

  private static Key key(ObjectFields key) {
    if (!key.present()) {
      return null;
    }
    String header = key.string("header");
    boolean remote = key.has("remoteAddress");
    if ((header == null) == !remote) {
      key.error("header", "exactly one of header or remoteAddress must be set");
      return null;
    }
    if (header != null && !HEADER_NAME.matcher(header).matches()) {
      key.error("header", "must be an HTTP header name, got " + header);
      return null;
    }
    return remote ? Key.byRemoteAddress() : Key.byHeader(header.toLowerCase(java.util.Locale.ROOT));
  }

  private static RouteMatch match(ObjectFields match) {
    if (!match.present()) {
      return null;
    }
    PathMatch path = null;
    ObjectFields pathFields = match.object("path");
    if (pathFields.present()) {
      PathMatchType type = pathFields.enumValue("type", PathMatchType.class);
      type = type == null ? PathMatchType.Prefix : type;
      String value = pathFields.requiredString("value");
      if (value != null && !value.isEmpty()) {
        checkPath(pathFields, type, value);
      }
      path = new PathMatch(type, value);
    }
    List<String> methods = match.strings("methods");
    for (int i = 0; i < methods.size(); i++) {
      if (!METHODS.contains(methods.get(i))) {
        match.error("methods[" + i + "]", "Unsupported value: \"" + methods.get(i)
            + "\": supported values: " + String.join(", ", METHODS.stream().sorted().toList()));
      }
    }
    return new RouteMatch(path, methods);
  }

  private static void checkPath(ObjectFields path, PathMatchType type, String value) {
    if (type == PathMatchType.RegularExpression) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        path.error("value", "is not a regular expression: " + e.getDescription());
      }
    } else if (!value.startsWith("/")) {
      path.error("value", "must start with '/', got " + value);
    }
  }
}
