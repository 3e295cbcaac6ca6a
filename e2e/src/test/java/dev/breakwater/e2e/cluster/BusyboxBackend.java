package dev.breakwater.e2e.cluster;

import static org.awaitility.Awaitility.await;

import dev.breakwater.e2e.HttpConnection;
import dev.breakwater.e2e.HttpResponse;
import dev.breakwater.e2e.Kube;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A backend that really runs on the node: a Deployment of busybox httpd pods (the node's
 * busybox image) behind a Service on port 8080. Every pod answers {@code /cgi-bin/app} with 200
 * and {@code x-pod: <its name>}, or 500 while told to fail; {@code /health} is a file, 200 while
 * present. The test steers one pod at a time through {@code /cgi-bin/control?<action>} on the
 * pod's own address (reachable from the suite's network namespace, where the node runs):
 * break-health, fix-health, fail, succeed.
 */
public final class BusyboxBackend {
  public static final int PORT = 8080;
  public static final String APP = "/cgi-bin/app";

  private static final String SCRIPT = """
      mkdir -p /www/cgi-bin
      echo ok > /www/health
      rm -f /www/fail
      cat > /www/cgi-bin/app <<'APP'
      #!/bin/sh
      pod=$(hostname)
      if [ -e /www/fail ]; then
        printf 'Status: 500 Internal Server Error\\r\\nContent-Type: text/plain\\r\\n'
        printf 'x-pod: %s\\r\\n\\r\\nfailing\\n' "$pod"
      else
        printf 'Content-Type: text/plain\\r\\nx-pod: %s\\r\\n\\r\\n%s\\n' "$pod" "$pod"
      fi
      APP
      cat > /www/cgi-bin/control <<'CONTROL'
      #!/bin/sh
      case "$QUERY_STRING" in
        break-health) rm -f /www/health ;;
        fix-health) echo ok > /www/health ;;
        fail) touch /www/fail ;;
        succeed) rm -f /www/fail ;;
      esac
      printf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' "$QUERY_STRING"
      CONTROL
      chmod +x /www/cgi-bin/app /www/cgi-bin/control
      hostname > /www/index.html
      exec httpd -f -p 8080 -h /www
      """;

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  private BusyboxBackend(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** Creates the Deployment ({@code replicas} pods) and its Service, and waits for the pods. */
  public static BusyboxBackend deploy(KubernetesClient client, String namespace, String name,
      int replicas, String image) {
    StringBuilder script = new StringBuilder();
    SCRIPT.lines().forEach(l -> script.append("          ").append(l).append('\n'));
    Kube.apply(client, namespace, """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s, labels: {app: %1$s}}
        spec:
          replicas: %2$d
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec:
              terminationGracePeriodSeconds: 1
              securityContext: {runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532}
              containers:
              - name: web
                image: %3$s
                command: [sh, -c]
                args:
                - |
        %4$s
                ports: [{name: http, containerPort: 8080}]
                volumeMounts: [{name: www, mountPath: /www}]
              volumes: [{name: www, emptyDir: {}}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %1$s}
        spec:
          selector: {app: %1$s}
          ports: [{name: http, port: 8080, targetPort: http}]
        """.formatted(name, replicas, image, script.toString().stripTrailing()));
    BusyboxBackend backend = new BusyboxBackend(client, namespace, name);
    backend.awaitReadyPods(replicas);
    return backend;
  }

  public void awaitReadyPods(int count) {
    await(name + ": " + count + " pods Ready").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500)).until(() -> readyPods().size() == count);
  }

  public List<Pod> pods() {
    return client.pods().inNamespace(namespace).withLabel("app", name).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  public List<Pod> readyPods() {
    return pods().stream().filter(BusyboxBackend::ready).toList();
  }

  public static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Sends a control action to one pod, on its own address. */
  public void control(Pod pod, String action) {
    try (HttpConnection c = new HttpConnection(address(pod), PORT)) {
      HttpResponse r = c.get("control", "/cgi-bin/control?" + action, Map.of());
      if (r.status() != 200) {
        throw new AssertionError(action + " on " + pod.getMetadata().getName() + ": " + r);
      }
    }
  }

  public static InetAddress address(Pod pod) {
    try {
      return InetAddress.getByName(pod.getStatus().getPodIP());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public String name() {
    return name;
  }

  /** Envoy's virtual host for this Service. */
  public String host() {
    return name + "." + namespace + ":" + PORT;
  }
}
