package dev.breakwater.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.model.EndpointSliceModel;
import dev.breakwater.xds.model.Policy;
import dev.breakwater.xds.model.ServiceModel;
import dev.breakwater.xds.read.InvalidObjectException;
import dev.breakwater.xds.read.KubeObject;
import dev.breakwater.xds.read.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code translate -f} reads, as CI hands it over: files, directories (*.yaml, *.yml,
 * *.json, recursively) and {@code -} for standard input. Objects translation does not read
 * (Deployments, ConfigMaps, ...) and templates (a file with a {@code {{ ... }}} action, e.g. a
 * Helm chart's templates/: skipped whole, as its values are not known) are skipped with a
 * notice, never fatal; an invalid policy, Service or EndpointSlice in a plain file is (the
 * cluster would refuse it).
 */
final class TranslateInputs {

  static final String STDIN = "-";
  /** Go template actions as Helm writes them; a policy's own strings rarely hold one. */
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{.*?}}");

  private final ObjectReader reader = new ObjectReader();
  private final List<String> notices = new ArrayList<>();
  private final List<Policy> policies = new ArrayList<>();
  private final List<ServiceModel> services = new ArrayList<>();
  private final List<EndpointSliceModel> slices = new ArrayList<>();

  /** One input and its text. */
  record Source(String name, String text) {}

  /** Lines for stderr: what was skipped and why. */
  List<String> notices() {
    return notices;
  }

  ClusterState state() {
    return new ClusterState(policies, services, slices);
  }

  /** Reads every input; {@code stdin} is read for {@code -}. */
  TranslateInputs read(List<String> inputs, InputStream stdin)
      throws TranslateCommand.InputException {
    for (Source source : sources(inputs, stdin)) {
      read(source);
    }
    return this;
  }

  private void read(Source source) throws TranslateCommand.InputException {
    if (TEMPLATE.matcher(source.text()).find()) {
      skipTemplate(source);
      return;
    }
    List<JsonNode> documents;
    try {
      documents = ObjectReader.parseDocuments(source.text());
    } catch (RuntimeException e) {
      throw new TranslateCommand.InputException(source.name() + ": not valid YAML or JSON: "
          + e.getMessage());
    }
    List<KubeObject> read = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    for (JsonNode document : documents) {
      try {
        Optional<KubeObject> object = reader.read(document);
        if (object.isPresent()) {
          read.add(object.get());
        } else {
          unread.add(describe(document));
        }
      } catch (InvalidObjectException e) {
        StringBuilder msg = new StringBuilder(source.name() + ": " + e.object() + ":");
        e.errors().forEach(f -> msg.append("\n  ").append(f.field()).append(": ")
            .append(f.message()));
        throw new TranslateCommand.InputException(msg.toString());
      } catch (RuntimeException e) {
        throw new TranslateCommand.InputException(source.name() + ": " + e.getMessage());
      }
    }
    for (KubeObject o : read) {
      if (o instanceof KubeObject.PolicyObject p) {
        policies.add(p.policy());
      } else if (o instanceof KubeObject.ServiceObject s) {
        services.add(s.service());
      } else if (o instanceof KubeObject.EndpointSliceObject e) {
        slices.add(e.slice());
      }
    }
    if (!unread.isEmpty()) {
      notices.add(source.name() + ": skipped " + unread.size() + (unread.size() == 1
          ? " object" : " objects") + " translate does not read: " + String.join(", ", unread));
    }
  }

  private void skipTemplate(Source source) {
    notices.add(source.name() + ": skipped: a template ({{ }}); render it first, e.g. helm "
        + "template ... | breakwater translate -f -");
  }

  private static String describe(JsonNode document) {
    String kind = document.path("kind").asText("");
    if (kind.isEmpty()) {
      return "a document without kind";
    }
    String name = document.path("metadata").path("name").asText("");
    return name.isEmpty() ? kind : kind + " " + name;
  }

  static List<Source> sources(List<String> inputs, InputStream stdin)
      throws TranslateCommand.InputException {
    List<Source> out = new ArrayList<>();
    for (String input : inputs) {
      if (input.equals(STDIN)) {
        try {
          out.add(new Source("<stdin>", new String(stdin.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new TranslateCommand.InputException("<stdin>: cannot read: " + e.getMessage());
        }
        continue;
      }
      for (Path file : files(Path.of(input))) {
        try {
          out.add(new Source(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new TranslateCommand.InputException(file + ": cannot read: " + e.getMessage());
        }
      }
    }
    return out;
  }

  private static List<Path> files(Path input) throws TranslateCommand.InputException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(input)) {
      try (Stream<Path> walk = Files.walk(input)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new TranslateCommand.InputException(input + ": cannot list: " + e.getMessage());
      }
    } else if (Files.isRegularFile(input)) {
      files.add(input);
    } else {
      throw new TranslateCommand.InputException(input + ": no such file or directory");
    }
    return files;
  }
}
