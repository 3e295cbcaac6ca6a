package dev.breakwater.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.operator.state.ClusterStateStore;
import dev.breakwater.operator.state.PolicyEntry;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.xds.read.InvalidObjectException;
import dev.breakwater.xds.read.KubeObject;
import dev.breakwater.xds.read.ObjectReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps objects from the API server into the store through the same reader `translate` and the
 * golden tests use: fabric8 object -> JSON tree -> {@link ObjectReader}. Nothing read
 * from the cluster can throw out of here: an unreadable policy is stored as invalid (its status
 * says why), an unreadable Service or EndpointSlice is left out and logged.
 */
public final class ObjectIngest {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectIngest.class);

  private final ClusterStateStore store;
  private final KubernetesSerialization serialization;
  private final ObjectReader reader = new ObjectReader();

  public ObjectIngest(ClusterStateStore store, KubernetesSerialization serialization) {
    this.store = store;
    this.serialization = serialization;
  }

  public synchronized void applyPolicy(HasMetadata object) {
    PolicyKey key = PolicyKey.of(object);
    Long generation = object.getMetadata().getGeneration();
    long gen = generation == null ? 0 : generation;
    try {
      Optional<KubeObject> read = reader.read(tree(object));
      if (read.isPresent() && read.get() instanceof KubeObject.PolicyObject p) {
        store.putPolicy(PolicyEntry.valid(p.policy()));
      } else {
        store.putPolicy(PolicyEntry.invalid(key, gen, "not readable as a " + key.kind()));
      }
    } catch (InvalidObjectException e) {
      store.putPolicy(PolicyEntry.invalid(key, gen, describe(e)));
    } catch (RuntimeException e) {
      LOG.error("{} could not be read", key, e);
      store.putPolicy(PolicyEntry.invalid(key, gen, "could not be read: " + e.getMessage()));
    }
  }

  public synchronized void removePolicy(HasMetadata object) {
    store.removePolicy(PolicyKey.of(object));
  }

  public synchronized void applyService(HasMetadata service) {
    try {
      Optional<KubeObject> read = reader.read(tree(service));
      if (read.isPresent() && read.get() instanceof KubeObject.ServiceObject s) {
        store.putService(s.service());
      }
    } catch (InvalidObjectException | RuntimeException e) {
      LOG.warn("Service {}/{} left out: {}", service.getMetadata().getNamespace(),
          service.getMetadata().getName(), e.getMessage());
      store.removeService(service.getMetadata().getNamespace(), service.getMetadata().getName());
    }
  }

  public synchronized void removeService(HasMetadata service) {
    store.removeService(service.getMetadata().getNamespace(), service.getMetadata().getName());
  }

  public synchronized void applyEndpointSlice(HasMetadata slice) {
    try {
      Optional<KubeObject> read = reader.read(tree(slice));
      if (read.isPresent() && read.get() instanceof KubeObject.EndpointSliceObject s) {
        store.putEndpointSlice(s.slice());
      }
    } catch (InvalidObjectException | RuntimeException e) {
      LOG.warn("EndpointSlice {}/{} left out: {}", slice.getMetadata().getNamespace(),
          slice.getMetadata().getName(), e.getMessage());
      store.removeEndpointSlice(slice.getMetadata().getNamespace(),
          slice.getMetadata().getName());
    }
  }

  public synchronized void removeEndpointSlice(HasMetadata slice) {
    store.removeEndpointSlice(slice.getMetadata().getNamespace(), slice.getMetadata().getName());
  }

  /**
   * Puts what the informers' caches hold into the store, reading them under the same lock the
   * event handlers take: a cache has listed its objects before its handlers have all run, and the
   * first snapshot must be whole. Reading inside the lock keeps a handler's later delete or update
   * after this (it waits for the lock), never before.
   */
  public synchronized void prime(Supplier<? extends Collection<? extends HasMetadata>> policies,
      Supplier<? extends Collection<? extends HasMetadata>> services,
      Supplier<? extends Collection<? extends HasMetadata>> slices) {
    policies.get().forEach(this::applyPolicy);
    services.get().forEach(this::applyService);
    slices.get().forEach(this::applyEndpointSlice);
  }

  private JsonNode tree(HasMetadata object) {
    return serialization.convertValue(object, JsonNode.class);
  }

  /** The fields and messages, without repeating the object (the status is on it). */
  static String describe(InvalidObjectException e) {
    return String.join("; ", e.errors().stream().map(Object::toString).toList());
  }
}
