package dev.breakwater.operator.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.operator.debug.ProxyView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The views a standby reports survive the ConfigMap; a report of an older replica has none. */
class ReportedViewsTest {

  private final ReplicaReportCodec codec = new ReplicaReportCodec();

  @Test
  void viewsRoundTripInTheirTypeOrder() {
    Map<String, ProxyView.TypeView> types = new LinkedHashMap<>();
    types.put("CDS", new ProxyView.TypeView("c1", "c1", "SYNCED",
        new ProxyView.NackView("c0", "bad", "2025-03-01T10:00:00Z")));
    types.put("EDS", new ProxyView.TypeView("e1", "e2", "STALE", null));
    ProxyView view = new ProxyView("gw-1", "breakwater-1", "2025-03-01T09:00:00Z", "delta",
        types);
    ReplicaReport report = new ReplicaReport("bw-breakwater-1", 1, List.of(), List.of(),
        List.of(view));

    ReplicaReport decoded = codec.decode(codec.encode(report));

    assertThat(decoded.views()).containsExactly(view);
    assertThat(decoded.views().get(0).types().keySet()).containsExactly("CDS", "EDS");
    assertThat(decoded.sameContent(report)).isTrue();
  }

  @Test
  void aReportWithoutViewsHasNone() throws IOException {
    String old = "{\"replica\":\"r\",\"renewedAtMillis\":5,\"proxies\":[],\"streams\":[]}";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(old.getBytes(StandardCharsets.UTF_8));
    }

    ReplicaReport decoded = codec.decode(Base64.getEncoder().encodeToString(bytes.toByteArray()));

    assertThat(decoded.views()).isEmpty();
    assertThat(decoded.renewedAtMillis()).isEqualTo(5);
  }
}
