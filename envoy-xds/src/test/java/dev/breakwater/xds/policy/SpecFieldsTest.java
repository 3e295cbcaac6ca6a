package dev.breakwater.xds.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicySettings;
import dev.breakwater.xds.model.PolicyTarget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Another kind's settings read by CRD field names, nested records included. */
class SpecFieldsTest {
  record Limits(Integer maxRetries) {}

  record Settings(Duration request, Limits limits) implements PolicySettings {}

  private static Policy policy(Settings spec) {
    return new Policy(new PolicyMeta("Some", "ns", "p", 1, null),
        PolicyTarget.service("svc", 80), spec);
  }

  @Test
  void readsNestedFieldsByName() {
    Policy p = policy(new Settings(Duration.ofSeconds(15), new Limits(3)));
    assertThat(SpecFields.field(p, Integer.class, "limits", "maxRetries")).contains(3);
    assertThat(SpecFields.field(p, Duration.class, "request")).contains(Duration.ofSeconds(15));
  }

  @Test
  void unsetUnknownOrOtherTypedFieldsAreEmpty() {
    Policy p = policy(new Settings(null, new Limits(null)));
    assertThat(SpecFields.field(p, "request")).isEmpty();
    assertThat(SpecFields.field(p, "limits", "maxRetries")).isEmpty();
    assertThat(SpecFields.field(p, "limits", "nope")).isEmpty();
    assertThat(SpecFields.field(p, "limits", "maxRetries", "deeper")).isEmpty();
    assertThat(SpecFields.field(policy(new Settings(Duration.ZERO, null)), Integer.class,
        "request")).isEmpty();
  }
}
