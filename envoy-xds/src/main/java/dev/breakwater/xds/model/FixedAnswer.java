package dev.breakwater.xds.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * An answer Envoy gives itself (a breaker's fallback, a rate limit's refusal).
 *
 * @param status null: the kind's own status (503, 429)
 * @param headers sorted, so equal answers translate alike
 */
public record FixedAnswer(Integer status, String body, Map<String, String> headers) {
  public FixedAnswer {
    headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
  }
}
