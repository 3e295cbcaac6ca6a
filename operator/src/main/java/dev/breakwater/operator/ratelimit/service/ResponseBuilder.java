package dev.breakwater.operator.ratelimit.service;

import com.google.protobuf.util.Durations;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import dev.breakwater.operator.ratelimit.store.Decision;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.DescriptorStatus;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit.Unit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Decisions -> the answer Envoy acts on. Overall OVER_LIMIT when any enforced limit is over. A
 * DryRun limit over its budget reports OVER_LIMIT in its own status, and overall only when every
 * limit of the call is DryRun: such calls come from a filter in shadow mode, which counts the
 * answer and lets the request through (a mixed call is decided by its enforced limits alone).
 * A descriptor left undecided after an enforced refusal is answered UNKNOWN. Each status carries
 * what the filter's x-ratelimit headers need: the limit (only for periods of exactly a second,
 * minute, hour or day: the header's window is a unit), the remaining hits and the time to reset.
 * A rejection adds {@code retry-after} (whole seconds, at least 1) unless no wait would help.
 */
final class ResponseBuilder {

  private ResponseBuilder() {}

  /**
   * @param decisions one per check, null where the descriptor is not Breakwater's or was not
   *     decided
   */
  static RateLimitResponse build(List<Optional<LimitCheck>> checks, List<Decision> decisions) {
    RateLimitResponse.Builder response = RateLimitResponse.newBuilder();
    boolean over = false;
    boolean dryRunOver = false;
    boolean enforced = false;
    long retryAfterMicros = 0;
    for (int i = 0; i < checks.size(); i++) {
      Optional<LimitCheck> check = checks.get(i);
      Decision decision = decisions.get(i);
      if (check.isEmpty()) {
        response.addStatuses(DescriptorStatus.newBuilder().setCode(Code.OK));
        continue;
      }
      GlobalRule rule = check.get().limit().rule();
      enforced |= !rule.dryRun();
      if (decision == null) {
        response.addStatuses(DescriptorStatus.newBuilder().setCode(Code.UNKNOWN));
        continue;
      }
      response.addStatuses(status(check.get(), decision));
      dryRunOver |= !decision.allowed() && rule.dryRun();
      if (!decision.allowed() && !rule.dryRun()) {
        over = true;
        retryAfterMicros = decision.retryAfterMicros() < 0 || retryAfterMicros < 0
            ? -1 : Math.max(retryAfterMicros, decision.retryAfterMicros());
      }
    }
    response.setOverallCode(over || (dryRunOver && !enforced) ? Code.OVER_LIMIT : Code.OK);
    if (over && retryAfterMicros >= 0) {
      long seconds = Math.max(1, (retryAfterMicros + 999_999) / 1_000_000);
      response.addResponseHeadersToAdd(
          HeaderValue.newBuilder().setKey("retry-after").setValue(Long.toString(seconds)));
    }
    return response.build();
  }

  private static DescriptorStatus status(LimitCheck check, Decision decision) {
    GlobalRule rule = check.limit().rule();
    DescriptorStatus.Builder status = DescriptorStatus.newBuilder()
        .setCode(decision.allowed() ? Code.OK : Code.OVER_LIMIT)
        .setLimitRemaining((int) Math.min(Integer.MAX_VALUE, Math.max(0, decision.remaining())))
        .setDurationUntilReset(Durations.fromMicros(Math.max(0, decision.resetMicros())));
    Unit unit = unit(rule.period());
    if (unit != null) {
      status.setCurrentLimit(RateLimitResponse.RateLimit.newBuilder()
          .setName(check.limit().id().toString())
          .setRequestsPerUnit((int) rule.burst())
          .setUnit(unit));
    }
    return status.build();
  }

  private static Unit unit(Duration period) {
    if (period.equals(Duration.ofSeconds(1))) {
      return Unit.SECOND;
    } else if (period.equals(Duration.ofMinutes(1))) {
      return Unit.MINUTE;
    } else if (period.equals(Duration.ofHours(1))) {
      return Unit.HOUR;
    } else if (period.equals(Duration.ofDays(1))) {
      return Unit.DAY;
    }
    return null;
  }
}
