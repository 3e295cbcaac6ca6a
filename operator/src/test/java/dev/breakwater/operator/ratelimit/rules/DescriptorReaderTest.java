package dev.breakwater.operator.ratelimit.rules;

import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.xds.policies.ratelimit.descriptor.DescriptorContract;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalLimit;
import dev.breakwater.xds.policies.ratelimit.descriptor.GlobalRule;
import dev.breakwater.xds.policies.ratelimit.descriptor.InvalidDescriptorException;
import dev.breakwater.xds.policies.ratelimit.descriptor.LimitId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UInt64Value;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DescriptorReaderTest {

  static final String RULE = "FixedWindow;requests=10;period=1000ms;burst=10";
  private final DescriptorReader reader = new DescriptorReader();

  static RateLimitDescriptor descriptor(String... keyValues) {
    RateLimitDescriptor.Builder d = RateLimitDescriptor.newBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      d.addEntries(RateLimitDescriptor.Entry.newBuilder().setKey(keyValues[i]).setValue(keyValues[i + 1]));
    }
    return d.build();
  }

  @Test
  void readsTheLimitTheRuleAndTheKey() {
    LimitCheck check = reader.read(descriptor(
        "breakwater_limit", "shop/api/per-user", "breakwater_rule", RULE, "breakwater_key", "alice"), 0)
        .orElseThrow();
    assertThat(check.limit()).isEqualTo(new GlobalLimit(new LimitId("shop", "api", "per-user"),
        GlobalRule.window(Algorithm.FixedWindow, 10, Duration.ofSeconds(1))));
    assertThat(check.key()).isEqualTo("breakwater_key=alice");
    assertThat(check.hits()).isEqualTo(1);
  }

  @Test
  void withoutAKeyEntryTheLimitHasOneSharedBudget() {
    assertThat(reader.read(descriptor("breakwater_limit", "a/b/c", "breakwater_rule", RULE), 1)
        .orElseThrow().key()).isEmpty();
  }

  @Test
  void aHeaderValueAndAnAddressNeverShareABudget() {
    String byHeader = reader.read(descriptor("breakwater_limit", "a/b/c", "breakwater_rule", RULE,
        "breakwater_key", "10.0.0.1"), 1).orElseThrow().key();
    String byAddress = reader.read(descriptor("breakwater_limit", "a/b/c", "breakwater_rule", RULE,
        "remote_address", "10.0.0.1"), 1).orElseThrow().key();
    assertThat(byHeader).isNotEqualTo(byAddress);
  }

  @Test
  void separatorsInValuesAreEscapedSoKeysStayDistinct() {
    String tricky = reader.read(descriptor("breakwater_limit", "a/b/c", "breakwater_rule", RULE,
        "breakwater_key", "x&remote_address=y"), 1).orElseThrow().key();
    String twoEntries = reader.read(descriptor("breakwater_limit", "a/b/c", "breakwater_rule", RULE,
        "breakwater_key", "x", "remote_address", "y"), 1).orElseThrow().key();
    assertThat(tricky).isNotEqualTo(twoEntries).doesNotContain("{", "}");
  }

  @Test
  void hitsComeFromTheDescriptorFirstThenTheRequest() {
    RateLimitDescriptor plain = descriptor("breakwater_limit", "a/b/c", "breakwater_rule", RULE);
    assertThat(reader.read(plain, 3).orElseThrow().hits()).isEqualTo(3);
    RateLimitDescriptor own = plain.toBuilder().setHitsAddend(UInt64Value.of(7)).build();
    assertThat(reader.read(own, 3).orElseThrow().hits()).isEqualTo(7);
    assertThatThrownBy(() -> reader.read(plain, DescriptorContract.MAX_HITS + 1))
        .isInstanceOf(InvalidDescriptorException.class);
  }

  @Test
  void descriptorsOfOthersAreNotOurs() {
    assertThat(reader.read(descriptor("generic_key", "something"), 1)).isEmpty();
  }

  @Test
  void aBreakwaterDescriptorBreakingTheContractIsRefused() {
    assertThatThrownBy(() -> reader.read(descriptor("breakwater_limit", "a/b/c"), 1))
        .hasMessageContaining("no breakwater_rule");
    assertThatThrownBy(() -> reader.read(descriptor("breakwater_limit", "a/b", "breakwater_rule", RULE), 1))
        .hasMessageContaining("<namespace>/<policy>/<limit>");
    assertThatThrownBy(() -> reader.read(descriptor("breakwater_limit", "a/b/c", "breakwater_limit", "a/b/c",
        "breakwater_rule", RULE), 1)).hasMessageContaining("twice");
  }
}
