package dev.breakwater.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The cluster objects translation and probes read besides policies: Services and EndpointSlices
 * (into the store), Deployments (for probes). They are JOSDK informer event sources of one policy
 * controller, in its namespaces, running on every replica; they never trigger a reconcile (status
 * follows from the publish they cause), they only feed the store.
 */
public final class ClusterObjects {
  private final ObjectIngest ingest;
  private final Consumer<String> namespaceChanged;
  private final boolean deployments;
  private volatile Feeding<Service, ?> serviceSource;
  private volatile Feeding<EndpointSlice, ?> sliceSource;
  private volatile Feeding<Deployment, ?> deploymentSource;

  /**
   * @param namespaceChanged told the namespace of every Service or Deployment change (probes)
   * @param deployments whether Deployments are watched (only when probes are managed)
   */
  public ClusterObjects(ObjectIngest ingest, Consumer<String> namespaceChanged,
      boolean deployments) {
    this.ingest = ingest;
    this.namespaceChanged = namespaceChanged;
    this.deployments = deployments;
  }

  <P extends HasMetadata> List<EventSource<?, P>> eventSources(EventSourceContext<P> context) {
    List<EventSource<?, P>> sources = new ArrayList<>();
    Feeding<Service, P> services = new Feeding<>(config(Service.class, context), context,
        s -> {
          ingest.applyService(s);
          namespaceChanged.accept(s.getMetadata().getNamespace());
        },
        s -> {
          ingest.removeService(s);
          namespaceChanged.accept(s.getMetadata().getNamespace());
        });
    sources.add(services);
    Feeding<EndpointSlice, P> slices = new Feeding<>(config(EndpointSlice.class, context),
        context, ingest::applyEndpointSlice, ingest::removeEndpointSlice);
    sources.add(slices);
    serviceSource = services;
    sliceSource = slices;
    if (deployments) {
      Consumer<Deployment> changed = d -> namespaceChanged.accept(d.getMetadata().getNamespace());
      Feeding<Deployment, P> deploymentFeed =
          new Feeding<>(config(Deployment.class, context), context, changed, changed);
      sources.add(deploymentFeed);
      deploymentSource = deploymentFeed;
    }
    return sources;
  }

  public List<Service> services(String namespace) {
    Feeding<Service, ?> source = serviceSource;
    return source == null ? List.of() : source.list(namespace, s -> true).toList();
  }

  /** Every Service the informer holds (all namespaces it watches). */
  public List<Service> allServices() {
    Feeding<Service, ?> source = serviceSource;
    return source == null ? List.of() : source.list(s -> true).toList();
  }

  /** Every EndpointSlice the informer holds. */
  public List<EndpointSlice> allEndpointSlices() {
    Feeding<EndpointSlice, ?> source = sliceSource;
    return source == null ? List.of() : source.list(s -> true).toList();
  }

  public List<Deployment> deployments(String namespace) {
    Feeding<Deployment, ?> source = deploymentSource;
    return source == null ? List.of() : source.list(namespace, d -> true).toList();
  }

  private static <R extends HasMetadata> InformerEventSourceConfiguration<R> config(
      Class<R> type, EventSourceContext<?> context) {
    return InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
        .withName(type.getSimpleName().toLowerCase(java.util.Locale.ROOT))
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(object -> Set.of()) // feeds the store, reconciles nothing
        .build();
  }

  /** An informer event source that also hands every event to the store. */
  private static final class Feeding<R extends HasMetadata, P extends HasMetadata>
      extends InformerEventSource<R, P> {
    private final Consumer<R> upsert;
    private final Consumer<R> delete;

    Feeding(InformerEventSourceConfiguration<R> config, EventSourceContext<P> context,
        Consumer<R> upsert, Consumer<R> delete) {
      super(config, context);
      this.upsert = upsert;
      this.delete = delete;
    }

    @Override
    public void onAdd(R resource) {
      super.onAdd(resource);
      upsert.accept(resource);
    }

    @Override
    public void onUpdate(R oldObject, R newObject) {
      super.onUpdate(oldObject, newObject);
      upsert.accept(newObject);
    }

    @Override
    public void onDelete(R resource, boolean deletedFinalStateUnknown) {
      super.onDelete(resource, deletedFinalStateUnknown);
      delete.accept(resource);
    }
  }
}
