package dev.breakwater.xds.schema;

/**
 * One broken rule of one field.
 *
 * @param field the path as the API server writes it, e.g. {@code spec.limits[0].burst}
 */
public record FieldError(String field, String message) {

  /** {@code parent} + {@code .child} (or {@code [i]}); either part may be empty. */
  public static String join(String parent, String child) {
    if (parent.isEmpty()) {
      return child.startsWith(".") ? child.substring(1) : child;
    }
    if (child.isEmpty() || child.startsWith("[") || child.startsWith(".")) {
      return parent + child;
    }
    return parent + "." + child;
  }

  /** The same error under {@code prefix}: a kind's checks see the spec, users see the object. */
  public FieldError under(String prefix) {
    return new FieldError(join(prefix, field), message);
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
