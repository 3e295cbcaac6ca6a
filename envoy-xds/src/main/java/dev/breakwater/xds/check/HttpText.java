package dev.breakwater.xds.check;

import java.util.Optional;

/** Characters Envoy refuses in paths and header values it is given in config. */
public final class HttpText {
  private HttpText() {}

  /**
   * A path a route matches exactly or by prefix: Envoy compares it with the request path without
   * its query, so {@code ?} and {@code #} could never match, and {@code path_separated_prefix}
   * refuses them outright; control characters and spaces are not valid in a path at all.
   */
  public static Optional<String> routePathProblem(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '?' || c == '#') {
        return Optional.of("must not contain '" + c + "': a route matches the path without its"
            + " query or fragment");
      }
      if (c <= 0x20 || c == 0x7f) {
        return Optional.of("must not contain spaces or control characters (found 0x"
            + Integer.toHexString(c) + " at " + i + ")");
      }
    }
    return Optional.empty();
  }

  /** Longest header value a policy may set (CEL cannot afford to check map values). */
  public static final int MAX_HEADER_VALUE = 1024;

  /** Headers a policy adds to an answer: Envoy refuses CR, LF and NUL in a value. */
  public static java.util.List<dev.breakwater.xds.schema.FieldError> headersProblems(
      String field, java.util.Map<String, String> headers) {
    java.util.List<dev.breakwater.xds.schema.FieldError> errors = new java.util.ArrayList<>();
    headers.forEach((name, value) -> {
      String at = field + "." + name;
      if (value.length() > MAX_HEADER_VALUE) {
        errors.add(new dev.breakwater.xds.schema.FieldError(at,
            "must be at most " + MAX_HEADER_VALUE + " characters, got " + value.length()));
      }
      headerValueProblem(value).ifPresent(problem ->
          errors.add(new dev.breakwater.xds.schema.FieldError(at, problem)));
    });
    return errors;
  }

  /** A value Envoy sends as a header (a health check's path): no CR, LF or NUL. */
  public static Optional<String> headerValueProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return Optional.of("must not contain CR, LF or NUL (found 0x" + Integer.toHexString(c)
            + " at " + i + "): Envoy sends it as a request header");
      }
    }
    return Optional.empty();
  }
}
