package dev.breakwater.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.TranslationDocument;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.envoy.StaticBootstrapFactory;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.translate.PolicyCondition;
import dev.breakwater.xds.translate.PolicyResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offline: Kubernetes YAML in, the Envoy configuration the operator would serve out, through the
 * operator's own reader and translator. Exit 0 on success, 2 on invalid input (the message names
 * the file, the object and the field), 3 with {@code --strict} when a policy is not Accepted
 * (one line per policy on stderr), 1 on an internal error or an unreachable cluster.
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
    description = "Translate policies, Services and EndpointSlices (YAML) into Envoy config.")
public final class TranslateCommand implements Callable<Integer> {

  static final int INVALID_INPUT = 2;
  static final int INTERNAL_ERROR = 1;
  static final int NOT_ACCEPTED = 3;

  enum Output { json, yaml, bootstrap }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Standard input for {@code -f -}; a test sets its own. */
  InputStream stdin = System.in;
  /** The cluster of {@code --cluster}: the current kubeconfig's; a test sets its own. */
  Supplier<KubernetesClient> clusterClient = () -> new KubernetesClientBuilder().build();

  @Option(names = {"-f", "--filename"}, required = true, arity = "1..*",
      description = "YAML/JSON file or directory (*.yaml, *.yml, *.json, recursively), or - for "
          + "standard input; repeatable. Objects other than policies, Services and "
          + "EndpointSlices, and templates ({{ }}), are skipped with a notice on stderr")
  List<String> inputs;

  @Option(names = {"-o", "--output"}, defaultValue = "json",
      description = "json | yaml (resources and policy results) | bootstrap (a static Envoy "
          + "bootstrap as YAML, for envoy --mode validate); default ${DEFAULT-VALUE}")
  Output output;

  @Option(names = "--strict",
      description = "Exit " + NOT_ACCEPTED + " when any policy is not Accepted, with one line "
          + "per such policy on stderr (for CI)")
  boolean strict;

  @Option(names = "--cluster",
      description = "Merge the files with the Services, EndpointSlices and policies of the "
          + "cluster of the current kubeconfig (every namespace); a file's object replaces the "
          + "cluster's of the same kind, namespace and name")
  boolean cluster;

  @Option(names = "--listener-port", defaultValue = "10000",
      description = "Port of the HTTP listener (default ${DEFAULT-VALUE})")
  int listenerPort;

  @Option(names = "--admin-address", defaultValue = "127.0.0.1",
      description = "Admin address in -o bootstrap (default ${DEFAULT-VALUE})")
  String adminAddress;

  @Option(names = "--admin-port", defaultValue = "9901",
      description = "Admin port in -o bootstrap (default ${DEFAULT-VALUE})")
  int adminPort;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return translate(out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int translate(PrintWriter out, PrintWriter err) {
    TranslateInputs read;
    try {
      read = new TranslateInputs().read(inputs, stdin);
    } catch (InputException e) {
      err.println("error: " + e.getMessage());
      return INVALID_INPUT;
    }
    read.notices().forEach(n -> err.println("notice: " + n));
    ClusterState state = read.state();
    if (cluster) {
      try (KubernetesClient client = clusterClient.get()) {
        LiveClusterObjects live = new LiveClusterObjects(client);
        state = live.mergedWith(state);
        live.notices().forEach(n -> err.println("notice: " + n));
      } catch (KubernetesClientException e) {
        err.println("error: --cluster: cannot read the cluster of the current kubeconfig: "
            + e.getMessage());
        return INTERNAL_ERROR;
      }
    }
    Translation translation;
    try {
      translation = new Translator(new EnvoyOptions(listenerPort)).translate(state);
      JsonNode doc = switch (output) {
        case json, yaml -> TranslationDocument.tree(translation);
        case bootstrap -> TranslationDocument.tree(StaticBootstrapFactory.bootstrap(
            translation.resources(), adminAddress, adminPort));
      };
      out.print(output == Output.json ? json(doc) : yaml(doc));
    } catch (RuntimeException | IOException e) {
      err.println("error: translation failed: " + e);
      return INTERNAL_ERROR;
    }
    if (strict) {
      List<String> refused = notAccepted(translation);
      refused.forEach(err::println);
      return refused.isEmpty() ? 0 : NOT_ACCEPTED;
    }
    return 0;
  }

  /** {@code RateLimitPolicy ns/name: Accepted=False TargetNotFound: Service ns/x not found}. */
  static List<String> notAccepted(Translation translation) {
    List<String> lines = new ArrayList<>();
    for (PolicyResult result : translation.results()) {
      PolicyCondition accepted = result.conditions().stream()
          .filter(c -> c.type().equals(PolicyCondition.ACCEPTED)).findFirst().orElse(null);
      if (accepted != null && accepted.status() == PolicyCondition.Status.True) {
        continue;
      }
      lines.add(result.meta().kind() + " " + result.meta().namespace() + "/"
          + result.meta().name() + ": " + (accepted == null ? "Accepted=Unknown"
          : PolicyCondition.ACCEPTED + "=" + accepted.status() + " " + accepted.reason() + ": "
              + accepted.message()));
    }
    return lines;
  }

  private static String json(JsonNode doc) throws IOException {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(doc) + System.lineSeparator();
  }

  private static String yaml(JsonNode doc) throws IOException {
    return new ObjectMapper(YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .build()).writeValueAsString(doc);
  }

  /** Input the user has to fix; the message says where. */
  static final class InputException extends Exception {
    InputException(String message) {
      super(message);
    }
  }
}
