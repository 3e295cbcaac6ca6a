package dev.breakwater.operator.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import dev.breakwater.operator.publish.NodeGroups;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hold in front of java-control-plane's real SimpleCache, driven the way its server drives
 * it: callbacks first, then the watch, on one thread.
 */
class RejectedVersionHoldTest {

  private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;

  private final SimpleCache<String> cache = new SimpleCache<>(NodeGroups.SINGLE);
  private final RejectedVersionHold hold = new RejectedVersionHold(cache);
  private final List<String> sent = new ArrayList<>();

  private void publish(String version) {
    cache.setSnapshot(NodeGroups.ALL, Snapshot.create(
        List.of(Cluster.newBuilder().setName("c-" + version).build()), version,
        List.of(), "e", List.of(), "l", List.of(), "r", List.of(), "s"));
  }

  /** One request as the server handles it; a response is recorded and its nonce returned. */
  private void request(long stream, String node, String version, String nonce, boolean nack) {
    DiscoveryRequest.Builder b = DiscoveryRequest.newBuilder().setTypeUrl(CDS)
        .setVersionInfo(version).setResponseNonce(nonce);
    if (node != null) {
      b.setNode(Node.newBuilder().setId(node));
    }
    if (nack) {
      b.setErrorDetail(Status.newBuilder().setMessage("refused"));
    }
    DiscoveryRequest r = b.build();
    hold.onV3StreamRequest(stream, r);
    hold.createWatch(true, XdsRequest.create(r), Set.of(), response -> respond(stream, response),
        false, false);
  }

  private void respond(long stream, Response response) {
    String nonce = stream + "-" + sent.size();
    sent.add(response.version());
    hold.onV3StreamResponse(stream, DiscoveryRequest.getDefaultInstance(),
        DiscoveryResponse.newBuilder().setTypeUrl(CDS).setVersionInfo(response.version())
            .setNonce(nonce).build());
  }

  @Test
  void aRejectedVersionIsNotSentAgainOnlyANewOne() {
    publish("v1");
    hold.onStreamOpen(1, CDS);
    request(1, "envoy-a", "", "", false);
    assertThat(sent).containsExactly("v1");

    request(1, null, "", "1-0", true); // NACK: without the hold the cache answers v1 at once

    assertThat(sent).containsExactly("v1");
    publish("v2");
    assertThat(sent).containsExactly("v1", "v2");
  }

  @Test
  void aProxyThatReconnectsAfterRejectingTheCurrentVersionIsNotSentItAgain() {
    publish("v1");
    hold.onStreamOpen(1, CDS);
    request(1, "envoy-a", "", "", false);
    request(1, null, "", "1-0", true);
    hold.onStreamClose(1, CDS);

    hold.onStreamOpen(2, CDS);
    request(2, "envoy-a", "", "", false);
    assertThat(sent).containsExactly("v1");

    hold.onStreamOpen(3, CDS);
    request(3, "envoy-b", "", "", false); // another proxy is not held
    assertThat(sent).containsExactly("v1", "v1");

    publish("v2");
    assertThat(sent).containsExactly("v1", "v1", "v2", "v2");
  }

  @Test
  void anAckEndsTheHoldForThatProxy() {
    publish("v1");
    hold.onStreamOpen(1, CDS);
    request(1, "envoy-a", "", "", false);
    request(1, null, "", "1-0", true);
    publish("v2");
    request(1, null, "v2", "1-1", false); // ACK of v2
    hold.onStreamClose(1, CDS);

    hold.onStreamOpen(2, CDS);
    request(2, "envoy-a", "", "", false); // a fresh Envoy of the same name holds nothing

    assertThat(sent).containsExactly("v1", "v2", "v2");
  }
}
