package dev.breakwater.xds.policy;

import dev.breakwater.xds.model.Policy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Optional;

/**
 * Reads another kind's policy by its CRD field names, e.g. {@code field(policy, "limits",
 * "maxRetries")}: a kind never imports another kind's classes (ArchitectureTest), and the settings
 * records name their components after the CRD's fields, so the published API is the contract
 * between kinds. Empty when a field along the path is unset (null) or does not exist.
 */
public final class SpecFields {
  private SpecFields() {}

  public static Optional<Object> field(Policy policy, String... path) {
    Object node = policy.spec();
    for (String name : path) {
      node = component(node, name);
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** The field when it is a {@code type}, else empty. */
  public static <T> Optional<T> field(Policy policy, Class<T> type, String... path) {
    return field(policy, path).filter(type::isInstance).map(type::cast);
  }

  private static Object component(Object record, String name) {
    if (!record.getClass().isRecord()) {
      return null;
    }
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        try {
          return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("cannot read " + name + " of "
              + record.getClass().getSimpleName(), e);
        }
      }
    }
    return null;
  }
}
