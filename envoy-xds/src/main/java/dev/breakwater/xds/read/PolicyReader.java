package dev.breakwater.xds.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.breakwater.xds.model.ApiGroup;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.PolicyMeta;
import dev.breakwater.xds.model.PolicySettings;
import dev.breakwater.xds.model.PolicyTarget;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.schema.CrdSchema;
import dev.breakwater.xds.schema.CrdValidator;
import dev.breakwater.xds.schema.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a policy object the way the API server would store it, then checks what only Envoy
 * knows: the kind's CRD refuses undeclared fields, applies its defaults and checks its schema and
 * CEL rules; the kind's {@link PolicyKind#envoyChecks} follow. Every error names its field.
 */
final class PolicyReader {
  private static final Map<String, CrdValidator> VALIDATORS = new ConcurrentHashMap<>();

  private PolicyReader() {}

  static Policy read(PolicyKind<?> kind, JsonNode object) throws InvalidObjectException {
    ObjectFields root = ObjectFields.root(object);
    PolicyMeta meta = MetadataReader.meta(kind.name(), root);
    List<FieldError> errors = new ArrayList<>(root.errors());
    ObjectNode defaulted = ((ObjectNode) object).deepCopy();
    errors.addAll(validator(kind).validate(defaulted));
    if (!errors.isEmpty()) {
      throw new InvalidObjectException(MetadataReader.describe(object), errors);
    }
    JsonNode spec = defaulted.get("spec");
    PolicySettings policySpec = SpecBinder.bind(spec, kind.specType());
    for (FieldError error : PolicyKinds.envoyChecks(kind, policySpec)) {
      errors.add(error.under("spec"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidObjectException(MetadataReader.describe(object), errors);
    }
    return new Policy(meta, SpecBinder.bind(spec.get("targetRef"), PolicyTarget.class), policySpec);
  }

  private static CrdValidator validator(PolicyKind<?> kind) {
    return VALIDATORS.computeIfAbsent(kind.name(), name -> new CrdValidator(
        CrdSchema.load(kind.plural(), ApiGroup.GROUP, ApiGroup.VERSION)));
  }
}
