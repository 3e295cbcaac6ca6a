package dev.breakwater.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an {@link Upstream} answers the n-th try of one request (tries of a request share Envoy's
 * {@code x-request-id}): the first {@code failingTries} get {@code failStatus} with {@code
 * failureHeaders}, the first {@code slowTries} are answered only after {@code slowDelay}; later
 * tries answer 200 at once.
 */
public record TrySchedule(int failingTries, int failStatus, Map<String, String> failureHeaders,
    int slowTries, Duration slowDelay) {

  public static final TrySchedule NONE = new TrySchedule(0, 0, Map.of(), 0, Duration.ZERO);

  public TrySchedule {
    failureHeaders = Map.copyOf(failureHeaders);
  }

  /** The first {@code tries} tries of every request fail with {@code status}. */
  public static TrySchedule failFirst(int tries, int status) {
    return new TrySchedule(tries, status, Map.of(), 0, Duration.ZERO);
  }

  /** The first {@code tries} tries of every request answer only after {@code delay}. */
  public static TrySchedule slowFirst(int tries, Duration delay) {
    return new TrySchedule(0, 0, Map.of(), tries, delay);
  }

  /** Failed tries also carry this response header (e.g. Retry-After). */
  public TrySchedule withFailureHeader(String name, String value) {
    Map<String, String> headers = new LinkedHashMap<>(failureHeaders);
    headers.put(name, value);
    return new TrySchedule(failingTries, failStatus, headers, slowTries, slowDelay);
  }

  /** The status of try {@code n} (1-based), 0 when the schedule does not decide it. */
  int status(int n) {
    return n <= failingTries ? failStatus : 0;
  }

  Duration delay(int n) {
    return n <= slowTries ? slowDelay : Duration.ZERO;
  }
}
