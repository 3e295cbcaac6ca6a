package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicy;
import dev.breakwater.crds.v1alpha1.CircuitBreakerPolicyStatus;
import dev.breakwater.crds.v1alpha1.HealthCheck;
import dev.breakwater.crds.v1alpha1.HealthCheckStatus;
import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.crds.v1alpha1.RateLimitPolicy;
import dev.breakwater.crds.v1alpha1.RateLimitPolicyStatus;
import dev.breakwater.operator.state.PolicyKey;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Writes a policy's status with server-side apply on the status subresource, from a fresh object
 * that carries only identity and status: the operator owns status (field manager
 * {@value #FIELD_MANAGER}) and never sends back a spec it read.
 */
public final class StatusWriter {

  public static final String FIELD_MANAGER = "breakwater";

  private static final PatchContext APPLY = new PatchContext.Builder()
      .withPatchType(PatchType.SERVER_SIDE_APPLY)
      .withFieldManager(FIELD_MANAGER)
      .withForce(true)
      .build();

  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Returns the object's uid (Events refer to it). Throws KubernetesClientException when the API
   * server refuses (404 when deleted).
   */
  public String write(PolicyKey key, PolicyStatus status) {
    CustomResource<?, ?> fresh = fresh(key, status);
    ObjectMeta meta = new ObjectMeta();
    meta.setName(key.name());
    meta.setNamespace(key.namespace());
    fresh.setMetadata(meta);
    return client.resource(fresh).subresource("status").patch(APPLY).getMetadata().getUid();
  }

  private static CustomResource<?, ?> fresh(PolicyKey key, PolicyStatus status) {
    return switch (key.kind()) {
      case CircuitBreakerPolicy -> {
        CircuitBreakerPolicy p = new CircuitBreakerPolicy();
        p.setStatus((CircuitBreakerPolicyStatus) status);
        yield p;
      }
      case RateLimitPolicy -> {
        RateLimitPolicy p = new RateLimitPolicy();
        p.setStatus((RateLimitPolicyStatus) status);
        yield p;
      }
      case HealthCheck -> {
        HealthCheck p = new HealthCheck();
        p.setStatus((HealthCheckStatus) status);
        yield p;
      }
    };
  }
}
