package dev.breakwater.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.xds.GoldenFiles;
import dev.breakwater.xds.read.ObjectReader;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.envoy.XdsResources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import org.junit.jupiter.api.Test;

class SnapshotFactoryTest {
  private final SnapshotFactory factory = new SnapshotFactory();

  @Test
  void sameContentSameVersionsEvenFromAnotherTranslation() throws Exception {
    Snapshot first = factory.next(translate("cb-all-fields"));
    Snapshot second = factory.next(translate("cb-all-fields"));
    for (ResourceType type : new ResourceType[] {
        ResourceType.CLUSTER, ResourceType.ENDPOINT, ResourceType.LISTENER, ResourceType.ROUTE}) {
      assertThat(second.version(type)).isEqualTo(first.version(type));
    }
  }

  @Test
  void onlyTheChangedTypeGetsANewVersion() throws Exception {
    // Same Service, endpoints and routes; only the circuit breaker thresholds differ.
    Snapshot limits = factory.next(translate("cb-limits"));
    Snapshot partial = factory.next(translate("cb-limits-partial"));
    assertThat(partial.version(ResourceType.CLUSTER)).isNotEqualTo(limits.version(ResourceType.CLUSTER));
    assertThat(partial.version(ResourceType.ENDPOINT)).isEqualTo(limits.version(ResourceType.ENDPOINT));
    assertThat(partial.version(ResourceType.LISTENER)).isEqualTo(limits.version(ResourceType.LISTENER));
    assertThat(partial.version(ResourceType.ROUTE)).isEqualTo(limits.version(ResourceType.ROUTE));
  }

  @Test
  void everyReferenceResolvesWithinTheSnapshot() throws Exception {
    // java-control-plane's own ensureConsistent() only knows the long-deprecated filter name
    // envoy.http_connection_manager, so the references are checked here.
    XdsConsistency.assertConsistent(translate("different-kinds-no-conflict"));
    XdsConsistency.assertConsistent(translate("several-ports"));
  }

  private static XdsResources translate(String golden) throws Exception {
    ClusterState state = new ObjectReader()
        .readAll(ObjectReader.parseDocuments(GoldenFiles.input(golden)));
    return new Translator(EnvoyOptions.DEFAULTS).translate(state).resources();
  }
}
