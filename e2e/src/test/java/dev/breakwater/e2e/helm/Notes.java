package dev.breakwater.e2e.helm;

import java.nio.file.Path;

/** The chart's NOTES as {@code helm install} prints them, rendered without a cluster. */
final class Notes {
  private Notes() {}

  /** {@code helm install --dry-run=client} with the test image values and {@code values}. */
  static String render(String release, String namespace, Path... values) {
    var install = Chart.helm().install().withName(release).withNamespace(namespace)
        .dryRun().clientOnly().withValuesFile(Chart.imageValues());
    for (Path v : values) {
      install = install.withValuesFile(v);
    }
    return notesOf(install.call().getOutput());
  }

  /** The NOTES part of helm's install output (which may also list the manifest). */
  static String notesOf(String output) {
    int start = output.indexOf("NOTES:");
    return start < 0 ? output : output.substring(start);
  }
}
