package dev.breakwater.e2e.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average (/proc/loadavg), read beside every number. */
final class LoadAverage {
  private LoadAverage() {}

  static String now() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }
}
