package dev.breakwater.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.operator.tls.CertificateAuthority;
import dev.breakwater.operator.tls.Issued;
import dev.breakwater.operator.tls.Pem;
import dev.breakwater.operator.tls.XdsTlsConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 11, item 4: only the operator's proxies can use the xDS port. What the issue's local
 * attacker did without credentials (pull every resource, subscribe and stay silent, NACK with
 * text of its choice, stream forged stats) now fails at the handshake and changes nothing anyone
 * sees; a certificate of another CA fails the same way; one of the operator's CA cannot pose as
 * another node; an Envoy without a certificate gets nothing; the gateway's certificate, which the
 * operator issues into a Secret, serves the gateway's pods.
 */
class XdsSecurityIT {
  private static final Logger LOG = LoggerFactory.getLogger(XdsSecurityIT.class);

  @RegisterExtension
  static final Breakwater BW = new Breakwater("secure");

  @Test
  void noRogueClientChangesAnythingAnyoneSees() throws Exception {
    List<AppliedPolicy> policies = policies("api");
    try (HttpConnection c = new HttpConnection(BW.listenerPort())) {
      for (int i = 0; i < 20; i++) {
        assertThat(c.get(BW.host("api"), "/", Map.of()).status()).isEqualTo(200);
      }
    }
    AppliedPolicy limit = policies.get(0);
    limit.awaitUntil("the requests counted", Duration.ofSeconds(30),
        p -> p.at("/status/rateLimit/allowedRequests").asLong() >= 20);
    Map<String, JsonNode>[] settled = new Map[] {statuses(policies)};
    await("status settled").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> statuses(policies).equals(settled[0]) || (settled[0] = statuses(policies))
            == null);
    Map<String, JsonNode> before = settled[0];
    int eventsBefore = events();
    String victim = "secure-envoy";
    String cluster = BW.cluster("api", 80);
    Map<String, Double> forged = Map.of(
        "cluster." + cluster + ".upstream_rq_pending_overflow", 1e10,
        "breakwater_rl~" + BW.namespace() + "~limit~_all.http_local_rate_limit.rate_limited", 1e10,
        "breakwater_rl~" + BW.namespace() + "~limit~_all.http_local_rate_limit.ok", 1e10);
    Issued otherCa = CertificateAuthority.generate("evil", Instant.now())
        .issueProxy(victim, Instant.now());
    Issued ourCaOtherIdentity = operatorCa().issueProxy("rogue", Instant.now());

    List<Supplier<RogueXdsClient>> rogues = List.of(
        () -> RogueXdsClient.plaintext(BW.operator().xdsPort()),
        () -> RogueXdsClient.tls(BW.operator().xdsPort(), null),
        () -> RogueXdsClient.tls(BW.operator().xdsPort(), otherCa),
        () -> RogueXdsClient.tls(BW.operator().xdsPort(), ourCaOtherIdentity));
    for (Supplier<RogueXdsClient> make : rogues) {
      try (RogueXdsClient pull = make.get(); RogueXdsClient stats = make.get()) {
        pull.pull(victim);
        stats.forgeStats(victim, forged);
        await("the rogue is refused").atMost(Duration.ofSeconds(10))
            .until(() -> pull.error.get() != null && stats.error.get() != null);
        pull.nackEverything("pwned: text of the attacker's choice");
        LOG.info("rogue refused: {} / {}", Status.fromThrowable(pull.error.get()),
            Status.fromThrowable(stats.error.get()));
        assertThat(pull.responses).as("resources a rogue got").isEmpty();
        assertThat(Status.fromThrowable(pull.error.get()).getCode())
            .isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED,
                Status.Code.PERMISSION_DENIED, Status.Code.INTERNAL);
      }
    }

    // several stats flushes later nobody sees anything: status, proxies, events as they were
    await("nothing changed").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(500)).until(() -> statuses(policies).equals(before));
    assertThat(events()).isEqualTo(eventsBefore);
    assertThat(limit.at("/status/rateLimit/limitedRequests").asLong()).isZero();
    await("only the test's own Envoy is connected").atMost(Duration.ofSeconds(10))
        .until(() -> BW.operator().registry().get("breakwater.proxies.connected").gauge()
            .value() == 1);
  }

  @Test
  void theGatewayCertificateServesItsPodsAndNoOtherNodeOrCertificatelessEnvoy() {
    List<AppliedPolicy> policies = policies("web");
    Path gatewayTls = ProxyCertificates.fromProxySecret(BW.client(), BW.namespace(),
        TestBed.workDir("secure-gateway").resolve("xds-tls"));

    try (EnvoyProcess pod = EnvoyProcess.start(XdsTlsConfig.DEFAULT_PROXY_IDENTITY
            + "-7d9f-abcde", BW.operator().xdsPort(), gatewayTls);
        EnvoyProcess impostor = EnvoyProcess.launch("secure-impostor", BW.operator().xdsPort(),
            ProxyCertificates.write(TestBed.workDir("secure-impostor").resolve("xds-tls"),
                read(gatewayTls, "tls.crt"), read(gatewayTls, "tls.key"),
                read(gatewayTls, "ca.crt")));
        EnvoyProcess plaintext = EnvoyProcess.launch("secure-plaintext",
            BW.operator().xdsPort(), null)) {
      policies.forEach(p -> p.awaitUntil("2/2: the test's Envoy and the gateway pod",
          Duration.ofSeconds(30), j -> "2/2".equals(j.at("/status/proxies/summary").asText())
              && "True".equals(AppliedPolicy.condition(j, "Programmed").path("status").asText())));
      await("the impostor and the certificate-less Envoy stay unconfigured")
          .during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !hasBreakwaterListener(impostor) && !hasBreakwaterListener(plaintext)
              && policies.stream().allMatch(p -> "2/2".equals(
                  p.at("/status/proxies/summary").asText())));
      assertThat(hasBreakwaterListener(pod)).isTrue();
      assertThat(impostor.admin().stat("control_plane.connected_state")).isZero();
      assertThat(plaintext.admin().stat("control_plane.connected_state")).isZero();
    }
  }

  private static boolean hasBreakwaterListener(EnvoyProcess envoy) {
    return envoy.alive() && envoy.admin().configDump().contains("breakwater-http");
  }

  private static List<AppliedPolicy> policies(String service) {
    Upstream u = BW.upstream(service);
    BW.backend(service, 80, u);
    BW.apply(Manifests.rateLimit("limit-" + service, service, 80,
        "limits: [{name: all, requests: 1000, period: 1s}]"));
    BW.apply(Manifests.circuitBreaker("breaker-" + service, service, 80,
        "limits: {maxRequests: 1000}"));
    List<AppliedPolicy> out = List.of(
        BW.policy(AppliedPolicy.RATE_LIMIT, "limit-" + service),
        BW.policy(AppliedPolicy.CIRCUIT_BREAKER, "breaker-" + service));
    out.forEach(AppliedPolicy::awaitProgrammed);
    BW.awaitRouted(service);
    return out;
  }

  private static Map<String, JsonNode> statuses(List<AppliedPolicy> policies) {
    Map<String, JsonNode> out = new java.util.HashMap<>();
    policies.forEach(p -> out.put(p.name(), p.at("/status")));
    return out;
  }

  private static int events() {
    return BW.client().v1().events().inNamespace(BW.namespace()).list().getItems().size();
  }

  private static CertificateAuthority operatorCa() {
    Secret s = BW.client().secrets().inNamespace(BW.namespace())
        .withName(XdsTlsConfig.DEFAULT_CA_SECRET).get();
    return new CertificateAuthority(new Issued(Pem.privateKey(decode(s, "tls.key")),
        Pem.certificates(decode(s, "tls.crt"))));
  }

  private static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }

  private static String read(Path dir, String file) {
    try {
      return java.nio.file.Files.readString(dir.resolve(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
