package dev.breakwater.operator.reconcile;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.status.StatusSync;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reconciler of every policy kind, thin as the controller must be: it only orchestrates.
 * On every replica its event sources feed the store (the policies through {@link StoreFeed}, and
 * for one controller the Services, EndpointSlices and Deployments through {@link ClusterObjects})
 * and every replica translates and serves what the store holds. On the leader, reconcile records
 * the status found on the object (the base for lastTransitionTime) and asks {@link StatusSync} to
 * bring every status up to date; a deleted policy is forgotten.
 *
 * <p>JOSDK reads the resource class from the type argument and names the controller after the
 * class, so each kind has a named subclass ({@code OperatorKind.reconciler}).
 */
public abstract class PolicyReconciler<R extends CustomResource<?, ? extends PolicyStatus>>
    implements Reconciler<R> {

  private final StatusSync status;
  private final ObjectIngest ingest;
  private final ClusterObjects clusterObjects;

  /** @param clusterObjects null for all but one controller */
  protected PolicyReconciler(StatusSync status, ObjectIngest ingest,
      ClusterObjects clusterObjects) {
    this.status = status;
    this.ingest = ingest;
    this.clusterObjects = clusterObjects;
  }

  @Override
  public List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
    List<EventSource<?, R>> sources = new ArrayList<>();
    sources.add(new StoreFeed<>(ingest));
    if (clusterObjects != null) {
      sources.addAll(clusterObjects.eventSources(context));
    }
    return sources;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    PolicyKey key = PolicyKey.of(resource);
    if (context.isPrimaryResourceDeleted()) {
      status.forget(key);
    } else {
      status.observe(key, resource.getStatus());
    }
    return UpdateControl.noUpdate();
  }
}
