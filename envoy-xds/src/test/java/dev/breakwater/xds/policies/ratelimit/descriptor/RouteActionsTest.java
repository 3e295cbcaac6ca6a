package dev.breakwater.xds.policies.ratelimit.descriptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.route.v3.RateLimit;
import io.envoyproxy.envoy.config.route.v3.RateLimit.Action.ActionSpecifierCase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteActionsTest {

  static final GlobalLimit LIMIT = new GlobalLimit(new LimitId("shop", "api", "per-user"),
      GlobalRule.window(Algorithm.SlidingWindow, 100, Duration.ofMinutes(1)));

  @Test
  void aHeaderKeyedLimitSendsLimitRuleAndHeader() {
    RateLimit actions = RouteActions.forLimit(LIMIT, "x-user-id", false);
    assertThat(actions.getActionsList()).extracting(RateLimit.Action::getActionSpecifierCase)
        .containsExactly(ActionSpecifierCase.GENERIC_KEY, ActionSpecifierCase.GENERIC_KEY,
            ActionSpecifierCase.REQUEST_HEADERS);
    assertThat(actions.getActions(0).getGenericKey().getDescriptorKey()).isEqualTo("breakwater_limit");
    assertThat(actions.getActions(0).getGenericKey().getDescriptorValue()).isEqualTo("shop/api/per-user");
    assertThat(actions.getActions(1).getGenericKey().getDescriptorKey()).isEqualTo("breakwater_rule");
    assertThat(RuleCodec.decode(actions.getActions(1).getGenericKey().getDescriptorValue()))
        .isEqualTo(LIMIT.rule());
    RateLimit.Action.RequestHeaders header = actions.getActions(2).getRequestHeaders();
    assertThat(header.getHeaderName()).isEqualTo("x-user-id");
    assertThat(header.getDescriptorKey()).isEqualTo("breakwater_key");
    assertThat(header.getSkipIfAbsent()).isTrue();
  }

  @Test
  void anAddressKeyedLimitSendsTheRemoteAddressAndAnUnkeyedOneNothingMore() {
    assertThat(RouteActions.forLimit(LIMIT, null, true).getActions(2).getActionSpecifierCase())
        .isEqualTo(ActionSpecifierCase.REMOTE_ADDRESS);
    assertThat(RouteActions.forLimit(LIMIT, null, false).getActionsCount()).isEqualTo(2);
  }
}
