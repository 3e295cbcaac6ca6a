package dev.breakwater.operator.reconcile;

import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicy;
import dev.breakwater.xds.model.PolicyKind;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** Thin: hands CircuitBreakerPolicy objects (and their deletion) to the store. */
@ControllerConfiguration(name = "circuitbreakerpolicy", triggerReconcilerOnAllEvents = true)
public final class CircuitBreakerPolicyReconciler implements Reconciler<CircuitBreakerPolicy> {

  private final PolicyReconcileAction action;

  public CircuitBreakerPolicyReconciler(PolicyReconcileAction action) {
    this.action = action;
  }

  @Override
  public UpdateControl<CircuitBreakerPolicy> reconcile(CircuitBreakerPolicy resource, Context<CircuitBreakerPolicy> context) {
    action.reconcile(PolicyKind.CircuitBreakerPolicy, resource, context);
    return UpdateControl.noUpdate();
  }
}
