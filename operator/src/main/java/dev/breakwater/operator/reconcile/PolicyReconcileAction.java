package dev.breakwater.operator.reconcile;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.status.StatusSync;
import dev.breakwater.xds.model.PolicyKind;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What every policy reconciler does, on the leader only: record the status found on the object
 * and ask for status to be brought up to date (or forget the policy when deleted). Translation
 * does not wait for the leader: every replica's informers put policies into its store
 * ({@link KubeWatchers}) and every replica serves the result. Status is written for all
 * policies together because translation is global.
 */
public final class PolicyReconcileAction {

  private final StatusSync status;

  public PolicyReconcileAction(StatusSync status) {
    this.status = status;
  }

  public <P extends CustomResource<?, ? extends PolicyStatus>> void reconcile(
      PolicyKind kind, P resource, Context<P> context) {
    PolicyKey key = PolicyKey.of(kind, resource);
    if (context.isPrimaryResourceDeleted()) {
      status.forget(key);
      return;
    }
    status.observe(key, resource.getStatus());
  }
}
