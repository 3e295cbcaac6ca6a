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
