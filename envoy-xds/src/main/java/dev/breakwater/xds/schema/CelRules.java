package dev.breakwater.xds.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a structural schema's {@code x-kubernetes-validations} with cel-java, as
 * kube-apiserver does: each rule sees its node as {@code self}; a false rule is an error at the
 * node (plus the rule's {@code fieldPath}) with the rule's message. Only standard CEL (plus its
 * {@code duration()} and {@code matches()}) is available here: a rule using one of Kubernetes' own
 * CEL libraries fails to compile, and the test over the generated CRDs catches that at build.
 */
public final class CelRules {
  private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .addVar("self", SimpleType.DYN)
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS) // has(), all(), exists_one(), ...
      .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {}

  /** Adds an error for every rule under {@code schema} that {@code value} breaks. */
  public static void check(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    if (value == null || value.isMissingNode() || value.isNull() || !hasType(value, schema)) {
      return; // the OpenAPI check reports a value of the wrong type; its rules cannot apply
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      String field = FieldError.join(path, rule.path("fieldPath").asText(""));
      try {
        Object result = program(expression).eval(Map.of("self", celValue(value)));
        if (!Boolean.TRUE.equals(result)) {
          errors.add(new FieldError(field, rule.path("message").asText("failed rule: " + expression)));
        }
      } catch (CelEvaluationException e) {
        // kube-apiserver reports a rule that cannot be evaluated as an invalid value too
        errors.add(new FieldError(field, rule.path("message").asText(expression)
            + " (rule could not be evaluated: " + e.getMessage() + ")"));
      }
    }
    JsonNode properties = schema.path("properties");
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        check(value.get(property.getKey()), property.getValue(),
            FieldError.join(path, property.getKey()), errors);
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.get("items"), path + "[" + i + "]", errors);
      }
    }
  }

  private static boolean hasType(JsonNode value, JsonNode schema) {
    return switch (schema.path("type").asText("")) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static CelRuntime.Program program(String expression) {
    return PROGRAMS.computeIfAbsent(expression, e -> {
      try {
        CelAbstractSyntaxTree ast = COMPILER.compile(e).getAst();
        return RUNTIME.createProgram(ast);
      } catch (CelValidationException | CelEvaluationException ex) {
        throw new IllegalStateException("CRD rule does not compile: " + e + ": " + ex.getMessage(), ex);
      }
    });
  }

  /** JSON as CEL sees it: objects are maps, integers int, other numbers double. */
  static Object celValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> map.put(f.getKey(), celValue(f.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(celValue(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
