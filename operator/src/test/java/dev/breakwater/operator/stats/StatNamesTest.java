package dev.breakwater.operator.stats;

import dev.breakwater.xds.names.EnvoyNames;
import dev.breakwater.operator.kinds.ratelimit.RateLimitOperatorKind;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatNamesTest {

  @Test
  void keepsOnlyTheStatsTheOperatorReads() {
    assertThat(StatNames.keep("cluster.shop/api/80.outlier_detection.ejections_active"))
        .isEqualTo("cluster.shop/api/80.outlier_detection.ejections_active");
    assertThat(StatNames.keep("cluster.shop/api/80.membership_healthy")).isNotNull();
    assertThat(StatNames.keep("cluster.shop/api/80.upstream_rq_total")).isNull();
    assertThat(StatNames.keep("server.uptime")).isEqualTo("server.uptime");
    assertThat(StatNames.keep("http.breakwater.downstream_rq_total")).isNull();
  }

  @Test
  void rateLimitStatsAreCutToTheirBreakwaterPrefixWhateverScopeEnvoyAdds() {
    String name = EnvoyNames.rateLimitStatPrefix("shop", "api", "chat") + "." + RateLimitOperatorKind.RATE_LIMITED;
    assertThat(name).isEqualTo("breakwater_rl~shop~api~chat.http_local_rate_limit.rate_limited");
    assertThat(StatNames.keep(name)).isEqualTo(name);
    assertThat(StatNames.keep("http.breakwater." + name)).isEqualTo(name);
    assertThat(StatNames.keep("breakwater_rl~shop~api~chat.http_local_rate_limit.enabled"))
        .isNull();
  }
}
