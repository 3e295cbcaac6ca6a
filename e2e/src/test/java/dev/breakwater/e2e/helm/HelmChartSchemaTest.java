package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * values.schema.json: a wrong value stops {@code helm template}/{@code install} before anything is
 * rendered, with a message that names the value, so a user sees which line of values to fix.
 */
class HelmChartSchemaTest {
  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      operator: {xdsPort: 70000}                                  | operator.xdsPort
      operator: {httpPort: "8080"}                                | operator.httpPort
      replicaCount: 0                                             | replicaCount
      operator: {logLevel: verbose}                               | operator.logLevel
      operator: {watchNamespaces: [team-a, Team_B]}               | operator.watchNamespaces.1
      operator: {xdsPrt: 18000}                                   | xdsPrt
      operator: {securityContext: {allowPrivilegeEscalation: true}} | operator.securityContext.allowPrivilegeEscalation
      gateway: {podSecurityContext: {runAsNonRoot: false}}        | gateway.podSecurityContext.runAsNonRoot
      gateway: {service: {type: Ingress}}                         | gateway.service.type
      image: {digest: latest}                                     | image.digest
      image: {pullPolicy: Sometimes}                              | image.pullPolicy
      metrics: {prometheusRule: {for: {breakerOpen: soon}}}       | metrics.prometheusRule.for.breakerOpen
      metrics: {prometheusRule: {rateLimitSaturation: 2}}         | metrics.prometheusRule.rateLimitSaturation
      gateway: {drain: {seconds: 0}}                              | gateway.drain.seconds
      gateway: {stats: {port: 70000}}                             | gateway.stats.port
      gateway: {autoscaling: {maxReplicas: 0}}                    | gateway.autoscaling.maxReplicas
      gateway: {podDisruptionBudget: {maxUnavailable: half}}      | gateway.podDisruptionBudget.maxUnavailable
      operator: {podDisruptionBudget: {minAvailable: -1}}         | operator.podDisruptionBudget.minAvailable
      gateway: {stats: {podMonitor: {interval: often}}}           | gateway.stats.podMonitor.interval
      """)
  void badValueIsRejectedNamingIt(String values, String named) throws IOException {
    Path file = Files.writeString(tmp.resolve("bad.yaml"), values + "\n");

    assertThatThrownBy(() -> Chart.render(file))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(named);
  }

  /** Values the schema accepts but that cannot work together: the template stops, naming them. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      operator: {xdsPort: 8080}                                   | operator.xdsPort and operator.httpPort are both 8080
      gateway: {stats: {port: 10000}}                             | gateway.stats.port and operator.listenerPort are both 10000
      gateway: {adminPort: 10000}                                 | gateway.adminPort and operator.listenerPort are both 10000
      gateway: {terminationGracePeriodSeconds: 20}                | gateway.terminationGracePeriodSeconds (20) must exceed gateway.drain.seconds + 5 (20)
      gateway: {autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 3}} | gateway.autoscaling.minReplicas (5) is above maxReplicas (3)
      """)
  void valuesThatCannotWorkTogetherFailNamingThem(String values, String message)
      throws IOException {
    Path file = Files.writeString(tmp.resolve("clash.yaml"), values + "\n");

    assertThatThrownBy(() -> Chart.render(file)).hasMessageContaining(message);
  }

  @Test
  void withoutAnImageTheInstallSaysToBuildAndPushOne() {
    assertThatThrownBy(() -> Chart.helm().template().withName("breakwater").call())
        .hasMessageContaining("image.repository is not set: the Breakwater operator image is"
            + " not published to any registry")
        .hasMessageContaining("jib:build")
        .hasMessageContaining("--set image.repository=REGISTRY/breakwater");
  }

  @Test
  void valuesFileOfTheGoldenRenderIsValid() throws IOException {
    Path file = Files.writeString(tmp.resolve("ok.yaml"), """
        operator: {watchNamespaces: [team-a], logLevel: debug}
        gateway: {enabled: false}
        metrics: {prometheusRule: {enabled: true, for: {breakerOpen: 1m30s}}}
        """);

    assertThat(Chart.render(file)).contains("--namespaces=team-a")
        .doesNotContain("breakwater-gateway").contains("for: 1m30s");
  }
}
