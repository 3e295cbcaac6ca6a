package dev.breakwater.operator.debug;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.xds.ProxyConnection;
import dev.breakwater.operator.xds.ProxyConnection.LastNack;
import dev.breakwater.operator.xds.ProxyConnection.TypeState;
import dev.breakwater.operator.xds.XdsType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyViewsTest {

  private static final long AT = Instant.parse("2025-03-01T10:00:00.123Z").toEpochMilli();

  @Test
  void eachTypeSaysWhetherTheProxyRunsWhatIsServedNow() {
    Map<XdsType, TypeState> types = new EnumMap<>(XdsType.class);
    types.put(XdsType.CLUSTER, new TypeState(true, "c1", true, new LastNack("c2", "bad", AT)));
    types.put(XdsType.ENDPOINT, new TypeState(true, "e1", false, null));
    types.put(XdsType.LISTENER, new TypeState(true, "l2", true, new LastNack("l1", "old", AT)));
    types.put(XdsType.SCOPED_ROUTE, new TypeState(true, null, false, null));
    ProxyConnection connection = new ProxyConnection("gw-1", AT, ProxyConnection.SOTW, types);
    Map<XdsType, String> current = Map.of(XdsType.CLUSTER, "c2", XdsType.ENDPOINT, "e2",
        XdsType.LISTENER, "l2", XdsType.ROUTE, "r1", XdsType.SCOPED_ROUTE, "s1");

    ProxyView view = new ProxyViews("replica-0", () -> List.of(connection), null)
        .view(connection, current);

    assertThat(view.connectedSince()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(view.types().keySet()).containsExactly("CDS", "EDS", "LDS", "RDS", "SRDS");
    assertThat(view.types().get("CDS")).isEqualTo(new ProxyView.TypeView("c1", "c2", "NACKED",
        new ProxyView.NackView("c2", "bad", "2025-03-01T10:00:00Z")));
    assertThat(view.types().get("EDS").state()).isEqualTo("STALE");
    // a NACK of a version no longer served does not hide that it runs the current one
    assertThat(view.types().get("LDS").state()).isEqualTo("SYNCED");
    assertThat(view.types().get("RDS").state()).isEqualTo("NOT_SUBSCRIBED");
    assertThat(view.types().get("SRDS").state()).isEqualTo("WAITING");
    assertThat(view.synced()).isFalse();
  }
}
