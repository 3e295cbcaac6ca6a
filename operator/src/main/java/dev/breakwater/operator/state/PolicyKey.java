package dev.breakwater.operator.state;

import dev.breakwater.xds.model.PolicyMeta;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;

/**
 * Identity of one policy object across the operator: kind, namespace, name.
 *
 * @param kind the Kubernetes kind, e.g. {@code RateLimitPolicy}
 */
public record PolicyKey(String kind, String namespace, String name)
    implements Comparable<PolicyKey> {

  private static final Comparator<PolicyKey> ORDER =
      Comparator.comparing(PolicyKey::kind)
          .thenComparing(PolicyKey::namespace)
          .thenComparing(PolicyKey::name);

  public static PolicyKey of(PolicyMeta meta) {
    return new PolicyKey(meta.kind(), meta.namespace(), meta.name());
  }

  public static PolicyKey of(HasMetadata object) {
    return new PolicyKey(object.getKind(), object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }

  @Override
  public int compareTo(PolicyKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
