package dev.breakwater.e2e.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code helm-chart/README.md} carries the values tables generated from {@code values.yaml} and
 * {@code values.schema.json} ({@link ChartReadme}): a stale table fails here, and
 * {@code dev/chart-readme} (this test with {@code -Dgolden.update=true}) rewrites it. Every
 * value must have a description in the schema.
 */
class ChartReadmeTest {
  private final Path chart = Chart.dir();

  @Test
  void everyValueHasADescriptionInTheSchema() {
    ChartReadme readme = new ChartReadme(chart);
    readme.tables();

    assertThat(readme.undescribed()).as("values without a description in values.schema.json")
        .isEmpty();
  }

  @Test
  void readmeTablesAreGeneratedFromValuesAndSchema() throws IOException {
    Path file = chart.resolve("README.md");
    if (Boolean.getBoolean("golden.update")) {
      ChartReadme.write(chart);
      return;
    }
    String current = Files.readString(file);
    String generated = new ChartReadme(chart).regenerate(current);
    if (!generated.equals(current)) {
      fail(file + " is stale: run dev/chart-readme and review the diff\n"
          + LineDiff.unified("README.md", current, "generated", generated));
    }
  }

  @Test
  void tablesNameEveryNewHighAvailabilityValue() {
    String tables = new ChartReadme(chart).tables();

    assertThat(tables).contains("| `gateway.drain.seconds` | integer | `15` |",
        "| `gateway.autoscaling.enabled` | boolean | `false` |",
        "| `operator.podDisruptionBudget.maxUnavailable` | int or string | `1` |",
        "| `image.repository` | string | `\"\"` |", "### `gateway`");
  }
}
