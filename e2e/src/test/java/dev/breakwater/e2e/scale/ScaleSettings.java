package dev.breakwater.e2e.scale;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark run does. The smoke run (in {@code ./mvnw verify}) is small enough for a
 * loaded 2-core machine and asserts behaviour only; {@code -Dbreakwater.bench=full} runs the
 * issue's sizes. Every knob is a system property ({@code breakwater.bench.<name>}).
 *
 * @param sizes Services x policies, e.g. {@code 100x300,1000x1000,3334x10000}
 * @param syntheticProxies ADS clients, half state of the world, half delta
 * @param envoys real Envoys (the repository's bootstrap, stats sink included)
 * @param changes one-policy changes measured one after another
 * @param churnRate changes per second in the churn phase
 * @param churn how long the churn phase offers changes
 * @param memoryLimit the operator container's memory limit (the chart's default)
 */
record ScaleSettings(List<Size> sizes, int syntheticProxies, int envoys, int changes,
    int churnRate, Duration churn, String memoryLimit, boolean full) {

  record Size(int services, int policies) {
    @Override
    public String toString() {
      return "%,d / %,d".formatted(services, policies);
    }

    String id() {
      return services + "x" + policies;
    }
  }

  static ScaleSettings fromSystemProperties() {
    boolean full = "full".equals(System.getProperty("breakwater.bench"));
    return new ScaleSettings(
        sizes(prop("sizes", full ? "100x300,1000x1000,3334x10000" : "20x60")),
        Integer.parseInt(prop("proxies", full ? "98" : "6")),
        Integer.parseInt(prop("envoys", full ? "2" : "1")),
        Integer.parseInt(prop("changes", full ? "30" : "3")),
        Integer.parseInt(prop("churnRate", "10")),
        Duration.ofSeconds(Long.parseLong(prop("churnSeconds", full ? "60" : "2"))),
        prop("memoryLimit", "1g"),
        full);
  }

  private static String prop(String name, String fallback) {
    return System.getProperty("breakwater.bench." + name, fallback);
  }

  private static List<Size> sizes(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> {
          String[] parts = s.split("x");
          return new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }).toList();
  }

  int totalProxies() {
    return syntheticProxies + envoys;
  }
}
