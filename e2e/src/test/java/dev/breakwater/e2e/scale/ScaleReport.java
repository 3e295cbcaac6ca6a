package dev.breakwater.e2e.scale;

import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's numbers as a Markdown table, one row per measure with the 1-minute load average read
 * when it was taken; appended to {@code e2e/target/scale-benchmark.md} and logged.
 */
final class ScaleReport {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleReport.class);

  record Row(String size, String measure, String value, String load) {}

  private final List<Row> rows = new ArrayList<>();
  private final String title;

  ScaleReport(String title) {
    this.title = title;
  }

  synchronized void add(String size, String measure, String value) {
    Row row = new Row(size, measure, value, LoadAverage.now());
    rows.add(row);
    LOG.info("bench {} | {} | {} | load {}", size, measure, value, row.load());
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  synchronized void write() {
    StringBuilder md = new StringBuilder("\n## " + title + " (" + Instant.now() + ")\n\n"
        + "| Services / policies | measure | value | load avg (1 min) |\n|---|---|---|---|\n");
    for (Row r : rows) {
      md.append("| ").append(r.size()).append(" | ").append(r.measure()).append(" | ")
          .append(r.value()).append(" | ").append(r.load()).append(" |\n");
    }
    Path file = TestBed.repoRoot().resolve("e2e/target/scale-benchmark.md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
