package dev.breakwater.operator.status;

import dev.breakwater.crds.v1alpha1.PolicyStatus;
import dev.breakwater.operator.kinds.OperatorKinds;
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

  /** A new object of the policy's kind carrying only {@code status}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static CustomResource<?, ?> fresh(PolicyKey key, PolicyStatus status) {
    try {
      CustomResource resource = OperatorKinds.of(key.kind()).resourceClass()
          .getDeclaredConstructor().newInstance();
      resource.setStatus(status);
      return resource;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a " + key.kind(), e);
    }
  }
}
