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
 * The istiod comparison's numbers: one row per measure and size, istiod's value and Breakwater's
 * side by side, each with the 1-minute load average read when it was taken. Appended to
 * {@code e2e/target/istiod-comparison.md} and logged.
 */
final class ComparisonReport {
  private static final Logger LOG = LoggerFactory.getLogger(ComparisonReport.class);

  /** One measured value and the load average when it was taken. */
  record Value(String text, String load) {
    static Value now(String text) {
      return new Value(text, LoadAverage.now());
    }
  }

  record Row(int services, String measure, Value istiod, Value breakwater) {}

  private final List<Row> rows = new ArrayList<>();
  private final String title;

  ComparisonReport(String title) {
    this.title = title;
  }

  synchronized void add(int services, String measure, Value istiod, Value breakwater) {
    rows.add(new Row(services, measure, istiod, breakwater));
    LOG.info("istiod-comparison {} Services | {} | istiod {} (load {}) | Breakwater {} (load {})",
        services, measure, istiod.text(), istiod.load(), breakwater.text(), breakwater.load());
  }

  synchronized void write() {
    StringBuilder md = new StringBuilder("\n## " + title + " (" + Instant.now() + ")\n\n"
        + "| Services | measure | istiod | load | Breakwater | load |\n"
        + "|---:|---|---|---:|---|---:|\n");
    for (Row r : rows) {
      md.append("| %,d | %s | %s | %s | %s | %s |\n".formatted(r.services(), r.measure(),
          r.istiod().text(), r.istiod().load(), r.breakwater().text(), r.breakwater().load()));
    }
    Path file = TestBed.repoRoot().resolve("e2e/target/istiod-comparison.md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, md, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
