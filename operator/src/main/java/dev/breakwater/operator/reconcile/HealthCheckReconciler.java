package dev.breakwater.operator.reconcile;

import dev.breakwater.crds.v1alpha1.HealthCheck;
import dev.breakwater.xds.model.PolicyKind;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/** Thin: hands HealthCheck objects (and their deletion) to the store. */
@ControllerConfiguration(name = "healthcheck", triggerReconcilerOnAllEvents = true)
public final class HealthCheckReconciler implements Reconciler<HealthCheck> {

  private final PolicyReconcileAction action;

  public HealthCheckReconciler(PolicyReconcileAction action) {
    this.action = action;
  }

  @Override
  public UpdateControl<HealthCheck> reconcile(HealthCheck resource, Context<HealthCheck> context) {
    action.reconcile(PolicyKind.HealthCheck, resource, context);
    return UpdateControl.noUpdate();
  }
}
