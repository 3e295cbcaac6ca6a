package dev.breakwater.operator.replicas;

import dev.breakwater.operator.xds.XdsType;
import dev.breakwater.operator.kinds.circuitbreaker.CircuitBreakerOperatorKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.breakwater.operator.stats.StatNames;
import dev.breakwater.operator.stats.StatSample;
import dev.breakwater.operator.stats.StreamSamples;
import dev.breakwater.operator.xds.ProxyState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaReportCodecTest {

  private final ReplicaReportCodec codec = new ReplicaReportCodec();

  @Test
  void roundTripKeepsAcksNacksSubscriptionsAndSamples() {
    ProxyState proxy = new ProxyState("envoy-a",
        Map.of(XdsType.CLUSTER, "c1", XdsType.LISTENER, "l1"),
        Map.of(XdsType.ROUTE, new ProxyState.Nack("r2", "bad route")),
        EnumSet.of(XdsType.CLUSTER, XdsType.LISTENER, XdsType.ROUTE));
    StreamSamples stream = new StreamSamples("local-3", "envoy-a", List.of(
        new StatSample("server.uptime", false, 12),
        new StatSample("cluster.ns/api/80.upstream_rq_pending_overflow", true, 41)));
    ReplicaReport report = new ReplicaReport("bw-replica-1", 1_700_000_000_000L,
        List.of(proxy), List.of(stream));

    ReplicaReport decoded = codec.decode(codec.encode(report));

    assertThat(decoded).isEqualTo(report);
    assertThat(decoded.sameContent(report)).isTrue();
  }

  @Test
  void aReportOfAThousandClustersFromTenProxiesFitsInOneObject() {
    List<StreamSamples> streams = new ArrayList<>();
    List<ProxyState> proxies = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      List<StatSample> samples = new ArrayList<>();
      for (int c = 0; c < 1000; c++) {
        String cluster = "team-" + (c % 40) + "/service-" + c + "/8080";
        for (String stat : List.of(CircuitBreakerOperatorKind.EJECTIONS_ACTIVE, StatNames.MEMBERSHIP_HEALTHY,
            StatNames.MEMBERSHIP_TOTAL, CircuitBreakerOperatorKind.PENDING_OVERFLOW, CircuitBreakerOperatorKind.RETRY_OVERFLOW)) {
          samples.add(new StatSample(StatNames.cluster(cluster, stat), false, c % 7));
        }
        for (String stat : CircuitBreakerOperatorKind.EJECTIONS_DETECTED) {
          samples.add(new StatSample(StatNames.cluster(cluster, stat), true, c * 3L + p));
        }
      }
      streams.add(new StreamSamples("local-" + p, "envoy-" + p, samples));
      proxies.add(new ProxyState("envoy-" + p, Map.of(XdsType.CLUSTER, "v" + p), Map.of(),
          EnumSet.allOf(XdsType.class)));
    }

    String encoded = codec.encode(new ReplicaReport("r", 0, proxies, streams));

    // 80,000 samples encode to about 575 KB; a ConfigMap holds at most 1 MiB
    assertThat(encoded.length()).isLessThan(1024 * 1024);
    assertThat(codec.decode(encoded).streams()).hasSize(10);
  }

  @Test
  void somethingElseIsRejectedWithAMessage() {
    assertThatThrownBy(() -> codec.decode("bm90IGd6aXA="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a replica report");
  }
}
