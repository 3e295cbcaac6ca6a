package dev.breakwater.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build is: the version and git commit the build wrote into
 * {@code build.properties} (also in the runnable jar's manifest; the image runs the classes, so
 * the resource is what both read), the Envoy API it speaks and the java-control-plane it serves
 * xDS with.
 *
 * @param commit abbreviated git commit; {@code unknown} when built outside a git checkout
 * @param commitTime RFC 3339; empty when unknown
 */
public record BuildInfo(String version, String commit, String commitTime, String envoyApi,
    String javaControlPlane) {

  private static final String RESOURCE = "build.properties";
  private static final String UNKNOWN = "unknown";

  /** This process's build. */
  public static BuildInfo current() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String manifestVersion = BuildInfo.class.getPackage().getImplementationVersion();
    return new BuildInfo(
        filled(p.getProperty("version"), manifestVersion),
        filled(p.getProperty("commit"), UNKNOWN),
        filled(p.getProperty("commitTime"), ""),
        filled(p.getProperty("envoyApi"), "v3"),
        filled(p.getProperty("javaControlPlane"), UNKNOWN));
  }

  /**
   * One line: {@code breakwater 0.1.0 (commit 1a2b3c4, Envoy API v3, java-control-plane 1.0.49)}.
   */
  public String line() {
    return "breakwater " + version + " (commit " + commit + ", Envoy API " + envoyApi
        + ", java-control-plane " + javaControlPlane + ")";
  }

  /** A property the build did not fill in still reads ${...}. */
  private static String filled(String value, String fallback) {
    return value == null || value.isBlank() || value.startsWith("${")
        ? (fallback == null ? UNKNOWN : fallback) : value;
  }
}
