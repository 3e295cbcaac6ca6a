package dev.breakwater.operator.reconcile;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.operator.state.PolicyKey;
import dev.breakwater.operator.status.StatusSync;
import dev.breakwater.xds.model.PolicyKind;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What every policy reconciler does: put the object into the store (or take it out when
 * deleted). Publishing and status follow from the store change; status is written for all
 * policies together because translation is global.
 */
public final class PolicyReconcileAction {

  private final ObjectIngest ingest;
  private final StatusSync status;

  public PolicyReconcileAction(ObjectIngest ingest, StatusSync status) {
    this.ingest = ingest;
    this.status = status;
  }

  public <P extends CustomResource<?, ? extends PolicyStatus>> void reconcile(
      PolicyKind kind, P resource, Context<P> context) {
    PolicyKey key = ingest.policyKey(kind, resource);
    if (context.isPrimaryResourceDeleted()) {
      ingest.removePolicy(key);
      status.forget(key);
      return;
    }
    status.observe(key, resource.getStatus());
    ingest.applyPolicy(kind, resource);
  }
}
