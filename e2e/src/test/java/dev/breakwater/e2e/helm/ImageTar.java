package dev.breakwater.e2e.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code docker save}-format image tar (what {@code jib:buildTar} writes) unpacked the way a
 * container runtime would: layers extracted in order into one root filesystem, plus the config
 * (entrypoint, default args, user, environment). Jib layers only add files, so there are no
 * whiteouts to apply.
 */
record ImageTar(Path rootfs, JsonNode config) {

  static ImageTar unpack(Path tar, Path into) {
    Path work = into.resolve("image");
    Path rootfs = into.resolve("rootfs");
    Path log = into.resolve("unpack.log");
    Commands.run(List.of("rm", "-rf", work.toString(), rootfs.toString()), into, log,
        Duration.ofMinutes(1));
    try {
      Files.createDirectories(work);
      Files.createDirectories(rootfs);
      Commands.run(List.of("tar", "-xf", tar.toString(), "-C", work.toString()), into, log,
          Duration.ofMinutes(2));
      ObjectMapper json = new ObjectMapper();
      JsonNode manifest = json.readTree(work.resolve("manifest.json").toFile()).get(0);
      for (JsonNode layer : manifest.path("Layers")) {
        Commands.run(List.of("tar", "--warning=no-unknown-keyword", "--numeric-owner", "-xzf",
                work.resolve(layer.asText()).toString(), "-C", rootfs.toString()), into, log,
            Duration.ofMinutes(2));
      }
      JsonNode config = json.readTree(work.resolve(manifest.path("Config").asText()).toFile());
      return new ImageTar(rootfs, config.path("config"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> entrypoint() {
    return strings(config.path("Entrypoint"));
  }

  List<String> cmd() {
    return strings(config.path("Cmd"));
  }

  List<String> env() {
    return strings(config.path("Env"));
  }

  String user() {
    return config.path("User").asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
