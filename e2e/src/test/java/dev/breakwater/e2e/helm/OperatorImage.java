package dev.breakwater.e2e.helm;

import dev.breakwater.e2e.TestBed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The operator image as a {@code docker save} tar, built without Docker or a registry: Jib
 * ({@code jib:buildTar}, the plugin configuration of operator/pom.xml, which users build with)
 * layers the operator onto a base assembled from Debian packages and this JDK
 * ({@code e2e/image/build-base}). Built once per operator jar: a tar built from the same jar
 * (same SHA-256) is reused, so the image test and the cluster tier share one build.
 */
public final class OperatorImage {
  /** A tag, never "latest": the chart's pull policy IfNotPresent then uses the imported image. */
  public static final String REPOSITORY = "breakwater.local/breakwater";
  public static final String TAG = "e2e";
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(8);

  private OperatorImage() {}

  /** Builds (or reuses) the tar and returns its path, under {@code e2e/target/e2e/image/}. */
  public static synchronized Path tar() {
    Path repo = TestBed.repoRoot();
    Path work = TestBed.workDir("image");
    Path tar = work.resolve("breakwater-image.tar");
    Path key = work.resolve("breakwater-image.tar.jar-sha256");
    String jar = sha256(repo.resolve("operator/target/breakwater-operator.jar"));
    try {
      if (Files.isRegularFile(tar) && Files.isRegularFile(key)
          && Files.readString(key).equals(jar)) {
        return tar;
      }
      Files.deleteIfExists(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String base = Commands.run(HostNetwork.command(List.of(
            repo.resolve("e2e/image/build-base").toString())), repo,
        work.resolve("build-base.log"), BUILD_LIMIT).lines()
        .filter(l -> l.startsWith("BASE_IMAGE_TAR=")).map(l -> l.substring(15))
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("build-base printed no path"));
    // The same plugin configuration users build with; only the base and the output differ.
    Commands.run(HostNetwork.command(List.of(maven(repo), "-B", "-q", "-pl", "operator", "-am",
        "package", "jib:buildTar", "-DskipTests",
        "-Djib.containerize=dev.breakwater:breakwater-operator",
        "-Djib.from.image=tar://" + base, "-Djib.to.image=" + REPOSITORY + ":" + TAG,
        "-Djib.outputPaths.tar=" + tar)), repo, work.resolve("jib.log"), BUILD_LIMIT);
    try {
      Files.writeString(key, sha256(repo.resolve("operator/target/breakwater-operator.jar")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tar;
  }

  private static String maven(Path repo) {
    Path wrapper = repo.resolve("mvnw");
    return Files.isExecutable(wrapper) ? wrapper.toString() : "mvn";
  }

  private static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file),
        MessageDigest.getInstance("SHA-256"))) {
      MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
