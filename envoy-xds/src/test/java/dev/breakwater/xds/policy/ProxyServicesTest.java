package dev.breakwater.xds.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyServicesTest {

  @Test
  void addressesSplitIntoHostAndPortIpv6Included() {
    assertThat(ProxyServices.host("breakwater-ratelimit.tools.svc:8081"))
        .isEqualTo("breakwater-ratelimit.tools.svc");
    assertThat(ProxyServices.port("breakwater-ratelimit.tools.svc:8081")).isEqualTo(8081);
    assertThat(ProxyServices.host("[fd00::1]:9000")).isEqualTo("fd00::1");
    assertThat(ProxyServices.port("[fd00::1]:9000")).isEqualTo(9000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ratelimit", "ratelimit:", ":8081", "ratelimit:0", "ratelimit:65536",
      "ratelimit:http"})
  void anAddressWithoutAUsablePortIsRefusedNamingIt(String address) {
    assertThatThrownBy(() -> new ProxyServices(List.of(address), Duration.ofMillis(100)))
        .hasMessageContaining(address);
  }

  @Test
  void noAddressOrNoTimeoutIsRefused() {
    assertThatThrownBy(() -> new ProxyServices(List.of(), Duration.ofMillis(100)))
        .hasMessageContaining("at least one address");
    assertThatThrownBy(() -> new ProxyServices(List.of("rl:8081"), Duration.ZERO))
        .hasMessageContaining("at least 1 ms");
  }
}
