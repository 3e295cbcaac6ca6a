package dev.breakwater.operator.replicas;

import dev.breakwater.operator.xds.XdsType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.xds.ProxyState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetProxiesTest {

  private static ProxyState proxy(String node, String clusterVersion) {
    return new ProxyState(node, Map.of(XdsType.CLUSTER, clusterVersion), Map.of(),
        Set.of(XdsType.CLUSTER));
  }

  @Test
  void localAndRemoteProxiesAreCountedOnceEachLocalWinningANodeSeenOnBoth() {
    FleetProxies fleet = new FleetProxies(() -> List.of(proxy("b", "local-v2")),
        () -> List.of(proxy("b", "remote-v1"), proxy("a", "v1")));

    assertThat(fleet.proxies()).containsExactly(proxy("a", "v1"), proxy("b", "local-v2"));
  }
}
