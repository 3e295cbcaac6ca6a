package dev.breakwater.operator.reconcile;

import dev.breakwater.crds.v1alpha1.RateLimitPolicy;
import dev.breakwater.xds.model.PolicyKind;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** Thin: hands RateLimitPolicy objects (and their deletion) to the store. */
@ControllerConfiguration(name = "ratelimitpolicy", triggerReconcilerOnAllEvents = true)
public final class RateLimitPolicyReconciler implements Reconciler<RateLimitPolicy> {

  private final PolicyReconcileAction action;

  public RateLimitPolicyReconciler(PolicyReconcileAction action) {
    this.action = action;
  }

  @Override
  public UpdateControl<RateLimitPolicy> reconcile(RateLimitPolicy resource, Context<RateLimitPolicy> context) {
    action.reconcile(PolicyKind.RateLimitPolicy, resource, context);
    return UpdateControl.noUpdate();
  }
}
