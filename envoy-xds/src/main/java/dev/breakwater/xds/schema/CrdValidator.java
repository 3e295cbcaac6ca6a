package dev.breakwater.xds.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What kube-apiserver does to a custom resource's {@code spec} before storing it, offline: refuse
 * undeclared fields, apply defaults, check the OpenAPI schema, evaluate the CEL rules. The same
 * generated CRD drives both, so `translate`, the operator and the API server agree field by field.
 */
public final class CrdValidator {
  private final JsonNode specSchema;
  private final OpenApiValidator openApi;

  public CrdValidator(CrdSchema crd) {
    this.specSchema = crd.root().path("properties").path("spec");
    this.openApi = new OpenApiValidator(specSchema, "spec");
  }

  /**
   * Defaults {@code object.spec} in place and returns every broken rule (empty: valid). A missing
   * spec is reported as such; nothing else is checked then.
   */
  public List<FieldError> validate(ObjectNode object) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode spec = object.get("spec");
    if (spec == null || spec.isNull()) {
      errors.add(new FieldError("spec", "Required value"));
      return errors;
    }
    UnknownFields.find(spec, specSchema, "spec", errors);
    StructuralDefaults.apply(spec, specSchema);
    openApi.validate(spec, errors);
    CelRules.check(spec, specSchema, "spec", errors);
    return errors;
  }
}
