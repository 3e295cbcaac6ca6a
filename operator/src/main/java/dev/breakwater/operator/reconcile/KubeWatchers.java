package dev.breakwater.operator.reconcile;

import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicy;
import dev.breakwater.crds.v1alpha1.HealthCheck;
import dev.breakwater.crds.v1alpha1.RateLimitPolicy;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.model.PolicyKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Informers on everything translation reads, on every replica (each one serves xDS, leader or
 * not): the three policy kinds, Services and EndpointSlices feed the store (every change
 * re-translates, and status follows); Deployments (and Services, for their selectors) tell the
 * probe sync which namespace to look at again. One informer per watched namespace, or one for
 * all.
 */
public final class KubeWatchers implements AutoCloseable {

  private final KubernetesClient client;
  private final Set<String> namespaces;
  private final ObjectIngest ingest;
  private final Consumer<String> namespaceChanged;
  private final boolean watchDeployments;
  private final List<SharedIndexInformer<?>> policies = new ArrayList<>();
  private final List<SharedIndexInformer<Service>> services = new ArrayList<>();
  private final List<SharedIndexInformer<EndpointSlice>> slices = new ArrayList<>();
  private final List<SharedIndexInformer<Deployment>> deployments = new ArrayList<>();

  /**
   * @param namespaces empty: all namespaces
   * @param namespaceChanged told the namespace of every Service or Deployment change
   */
  public KubeWatchers(KubernetesClient client, Set<String> namespaces, ObjectIngest ingest,
      Consumer<String> namespaceChanged, boolean watchDeployments) {
    this.client = client;
    this.namespaces = namespaces;
    this.ingest = ingest;
    this.namespaceChanged = namespaceChanged;
    this.watchDeployments = watchDeployments;
  }

  /** Returns once every informer has listed its objects. */
  public void start() {
    policies.addAll(informPolicies(PolicyKind.CircuitBreakerPolicy, CircuitBreakerPolicy.class));
    policies.addAll(informPolicies(PolicyKind.RateLimitPolicy, RateLimitPolicy.class));
    policies.addAll(informPolicies(PolicyKind.HealthCheck, HealthCheck.class));
    services.addAll(inform(client.services(), handler(
        s -> {
          ingest.applyService(s);
          namespaceChanged.accept(s.getMetadata().getNamespace());
        },
        s -> {
          ingest.removeService(s);
          namespaceChanged.accept(s.getMetadata().getNamespace());
        })));
    slices.addAll(inform(client.discovery().v1().endpointSlices(),
        handler(ingest::applyEndpointSlice, ingest::removeEndpointSlice)));
    if (watchDeployments) {
      Consumer<Deployment> changed = d -> namespaceChanged.accept(d.getMetadata().getNamespace());
      deployments.addAll(inform(client.apps().deployments(), handler(changed, changed)));
    }
  }

  public boolean synced() {
    return all().stream().allMatch(i -> i.hasSynced() && i.isRunning());
  }

  public List<Service> services(String namespace) {
    return list(services, namespace);
  }

  public List<Deployment> deployments(String namespace) {
    return list(deployments, namespace);
  }

  private <T extends HasMetadata> List<SharedIndexInformer<T>> informPolicies(PolicyKind kind,
      Class<T> type) {
    return inform(client.resources(type), handler(p -> ingest.applyPolicy(kind, p),
        p -> ingest.removePolicy(PolicyKey.of(kind, p))));
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>>
      List<SharedIndexInformer<T>> inform(MixedOperation<T, L, ? extends Resource<T>> op,
          ResourceEventHandler<T> handler) {
    if (namespaces.isEmpty()) {
      return List.of(op.inAnyNamespace().inform(handler, 0));
    }
    List<SharedIndexInformer<T>> out = new ArrayList<>();
    for (String ns : namespaces) {
      out.add(op.inNamespace(ns).inform(handler, 0));
    }
    return out;
  }

  private static <T extends HasMetadata> List<T> list(List<SharedIndexInformer<T>> informers,
      String namespace) {
    List<T> out = new ArrayList<>();
    for (SharedIndexInformer<T> informer : informers) {
      for (T item : informer.getStore().list()) {
        if (namespace.equals(item.getMetadata().getNamespace())) {
          out.add(item);
        }
      }
    }
    return out;
  }

  private static <T> ResourceEventHandler<T> handler(Consumer<T> upsert, Consumer<T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        upsert.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        upsert.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        delete.accept(obj);
      }
    };
  }

  private List<SharedIndexInformer<?>> all() {
    List<SharedIndexInformer<?>> all = new ArrayList<>(policies);
    all.addAll(services);
    all.addAll(slices);
    all.addAll(deployments);
    return all;
  }

  @Override
  public void close() {
    all().forEach(SharedIndexInformer::close);
  }
}
