package dev.breakwater.xds.read;

import dev.breakwater.xds.schema.FieldError;
import java.util.List;

/** A Kubernetes object that breaks the API's rules; every message names the field. */
public class InvalidObjectException extends Exception {
  private final String object;
  private final List<FieldError> errors;

  public InvalidObjectException(String object, List<FieldError> errors) {
    super(object + ": " + String.join("; ", errors.stream().map(FieldError::toString).toList()));
    this.object = object;
    this.errors = List.copyOf(errors);
  }

  /** {@code Kind namespace/name}. */
  public String object() {
    return object;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
