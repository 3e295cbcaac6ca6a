package dev.breakwater.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.breakwater.xds.read.InvalidObjectException;
import dev.breakwater.xds.read.ObjectReader;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.Translation;
import dev.breakwater.xds.Translator;
import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.envoy.StaticBootstrapFactory;
import dev.breakwater.xds.TranslationDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offline: Kubernetes YAML in, the Envoy configuration the operator would serve out, through the
 * operator's own reader and translator. Exit 0 on success, 2 on invalid input (the message names
 * the file, the object and the field), 1 on an internal error.
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
    description = "Translate policies, Services and EndpointSlices (YAML) into Envoy config.")
public final class TranslateCommand implements Callable<Integer> {

  static final int INVALID_INPUT = 2;
  static final int INTERNAL_ERROR = 1;

  enum Output { json, yaml, bootstrap }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-f", "--filename"}, required = true, arity = "1..*",
      description = "YAML/JSON file or directory (*.yaml, *.yml, *.json, recursively); repeatable")
  List<Path> inputs;

  @Option(names = {"-o", "--output"}, defaultValue = "json",
      description = "json | yaml (resources and policy results) | bootstrap (a static Envoy "
          + "bootstrap as YAML, for envoy --mode validate); default ${DEFAULT-VALUE}")
  Output output;

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
    ClusterState state;
    try {
      state = read(files(inputs));
    } catch (InputException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return INVALID_INPUT;
    }
    try {
      Translation translation =
          new Translator(new EnvoyOptions(listenerPort)).translate(state);
      JsonNode doc = switch (output) {
        case json, yaml -> TranslationDocument.tree(translation);
        case bootstrap -> TranslationDocument.tree(StaticBootstrapFactory.bootstrap(
            translation.resources(), adminAddress, adminPort));
      };
      out.print(output == Output.json ? json(doc) : yaml(doc));
      out.flush();
      return 0;
    } catch (RuntimeException | IOException e) {
      err.println("error: translation failed: " + e);
      err.flush();
      return INTERNAL_ERROR;
    }
  }

  /** One state from every file, each read by the reader the operator uses. */
  static ClusterState read(List<Path> files) throws InputException {
    ObjectReader reader = new ObjectReader();
    List<Policy> policies = new ArrayList<>();
    List<ServiceModel> services = new ArrayList<>();
    List<EndpointSliceModel> slices = new ArrayList<>();
    for (Path file : files) {
      List<JsonNode> documents;
      try {
        documents = ObjectReader.parseDocuments(
            Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new InputException(file + ": cannot read: " + e.getMessage());
      } catch (RuntimeException e) {
        throw new InputException(file + ": not valid YAML or JSON: " + e.getMessage());
      }
      try {
        ClusterState s = reader.readAll(documents);
        policies.addAll(s.policies());
        services.addAll(s.services());
        slices.addAll(s.endpointSlices());
      } catch (InvalidObjectException e) {
        StringBuilder msg = new StringBuilder(file + ": " + e.object() + ":");
        e.errors().forEach(f -> msg.append("\n  ").append(f.field()).append(": ")
            .append(f.message()));
        throw new InputException(msg.toString());
      } catch (RuntimeException e) {
        throw new InputException(file + ": " + e.getMessage());
      }
    }
    return new ClusterState(policies, services, slices);
  }

  static List<Path> files(List<Path> inputs) throws InputException {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          walk.filter(Files::isRegularFile)
              .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new InputException(input + ": cannot list: " + e.getMessage());
        }
      } else if (Files.isRegularFile(input)) {
        files.add(input);
      } else {
        throw new InputException(input + ": no such file or directory");
      }
    }
    return files;
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
