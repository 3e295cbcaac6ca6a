package dev.breakwater.e2e.scale;

import dev.breakwater.e2e.Kube;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The synthetic cluster of a run: {@code services} Services spread over {@value #NAMESPACES}
 * namespaces (port 80, two ready endpoints each in one EndpointSlice, addresses in 198.18.0.0/15
 * that nothing answers on), and {@code policies} policies: every Service's first policy is a
 * CircuitBreakerPolicy (the one the runs change), the second a RateLimitPolicy keyed on a header,
 * the third a RetryPolicy. So 3,334 Services carry 10,000 policies (three each, two fewer at the
 * end) and 1,000 Services 1,000 (one each).
 */
final class ScaleObjects {
  static final int NAMESPACES = 20;
  static final String CBP = "CircuitBreakerPolicy";
  static final String RLP = "RateLimitPolicy";
  static final String RTP = "RetryPolicy";
  static final List<String> KINDS = List.of(CBP, RLP, RTP);
  static final int INITIAL_MAX_CONNECTIONS = 100;

  /** One policy object. */
  record PolicyRef(String kind, String namespace, String name, int service) {
    String key() {
      return kind + "/" + namespace + "/" + name;
    }
  }

  private final KubernetesClient client;
  final int services;
  final int policies;

  ScaleObjects(KubernetesClient client, int services, int policies) {
    if (policies > services * KINDS.size()) {
      throw new IllegalArgumentException("at most three policies per Service");
    }
    this.client = client;
    this.services = services;
    this.policies = policies;
  }

  static String namespace(int service) {
    return "bench-%02d".formatted(service % NAMESPACES);
  }

  static String serviceName(int service) {
    return "svc-%05d".formatted(service);
  }

  /** The Envoy cluster of a Service's port 80: what its CircuitBreakerPolicy shapes. */
  static String cluster(int service) {
    return namespace(service) + "/" + serviceName(service) + "/80";
  }

  List<PolicyRef> policyRefs() {
    List<PolicyRef> out = new ArrayList<>(policies);
    for (int i = 0; i < policies; i++) {
      int service = i % services;
      String kind = KINDS.get(i / services);
      out.add(new PolicyRef(kind, namespace(service), name(kind, service), service));
    }
    return out;
  }

  static PolicyRef breaker(int service) {
    return new PolicyRef(CBP, namespace(service), name(CBP, service), service);
  }

  private static String name(String kind, int service) {
    String suffix = switch (kind) {
      case CBP -> "cbp";
      case RLP -> "rlp";
      default -> "rtp";
    };
    return serviceName(service) + "-" + suffix;
  }

  /** Creates namespaces, then Services with their slices, then policies, {@code threads} at once. */
  void create(int threads) {
    for (int n = 0; n < Math.min(NAMESPACES, services); n++) {
      client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace(n))
          .endMetadata().build()).createOr(existing -> existing.update());
    }
    List<Runnable> work = new ArrayList<>();
    for (int s = 0; s < services; s++) {
      int service = s;
      work.add(() -> {
        client.resource(service(service)).create();
        client.resource(slice(service)).create();
      });
    }
    run(work, threads);
    work.clear();
    for (PolicyRef ref : policyRefs()) {
      work.add(() -> client.resource(policy(ref)).create());
    }
    run(work, threads);
  }

  private static HasMetadata service(int s) {
    return new ServiceBuilder().withNewMetadata().withName(serviceName(s))
        .withNamespace(namespace(s)).endMetadata()
        .withNewSpec().addNewPort().withName("http").withProtocol("TCP").withPort(80).endPort()
        .endSpec().build();
  }

  private static HasMetadata slice(int s) {
    return new EndpointSliceBuilder().withNewMetadata().withName(serviceName(s) + "-0")
        .withNamespace(namespace(s))
        .addToLabels("kubernetes.io/service-name", serviceName(s))
        .addToLabels("endpointslice.kubernetes.io/managed-by", "bench.breakwater.dev")
        .endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint().withAddresses(address(s, 0)).withNewConditions().withReady(true)
        .endConditions().endEndpoint()
        .addNewEndpoint().withAddresses(address(s, 1)).withNewConditions().withReady(true)
        .endConditions().endEndpoint()
        .addNewPort().withName("http").withProtocol("TCP").withPort(8080).endPort()
        .build();
  }

  /** 198.18.0.0/15 (benchmarking), two per Service, never on an interface of the run. */
  private static String address(int service, int endpoint) {
    int n = service * 2 + endpoint + 256;
    return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 255) + "." + (n & 255);
  }

  static GenericKubernetesResource policy(PolicyRef ref) {
    Map<String, Object> target = Map.of("kind", "Service", "name", serviceName(ref.service()),
        "port", 80);
    Map<String, Object> spec = switch (ref.kind()) {
      case CBP -> Map.of("targetRef", target, "failureThreshold", 5,
          "limits", Map.of("maxConnections", INITIAL_MAX_CONNECTIONS, "maxPendingRequests", 50,
              "maxRequests", 200, "maxRetries", 3));
      case RLP -> Map.of("targetRef", target, "limits", List.of(Map.of("name", "per-user",
          "requests", 100, "period", "1s", "key", Map.of("header", "x-user-id"))));
      default -> Map.of("targetRef", target, "maxAttempts", 3);
    };
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(Kube.API_VERSION);
    r.setKind(ref.kind());
    r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
        .withName(ref.name()).withNamespace(ref.namespace()).build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }

  /** Sets a CircuitBreakerPolicy's maxConnections; returns the new generation. */
  long setMaxConnections(PolicyRef breaker, int value) {
    GenericKubernetesResource r = client.genericKubernetesResources(Kube.API_VERSION, CBP)
        .inNamespace(breaker.namespace()).withName(breaker.name())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(
            Map.of("spec", Map.of("limits", Map.of("maxConnections", value)))));
    return r.getMetadata().getGeneration();
  }

  private static void run(List<Runnable> work, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      work.forEach(w -> futures.add(pool.submit(w)));
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("creating the bench objects failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
