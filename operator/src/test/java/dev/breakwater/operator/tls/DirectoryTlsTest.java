package dev.breakwater.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate from files, as cert-manager's mounted Secret provides and renews it. */
class DirectoryTlsTest {

  private final CertificateAuthority ca = CertificateAuthority.generate("files", Instant.now());

  private void write(Path dir, Issued server) throws IOException {
    Files.writeString(dir.resolve("tls.crt"), server.chainPem());
    Files.writeString(dir.resolve("tls.key"), server.keyPem());
    Files.writeString(dir.resolve("ca.crt"), ca.certificate().chainPem());
  }

  @Test
  void aRenewedCertificateIsTakenAndAHalfWrittenOneIsNot(@TempDir Path dir) throws IOException {
    Issued first = ca.issueServer(java.util.List.of("op"), Instant.now());
    write(dir, first);
    try (DirectoryTls files = new DirectoryTls(dir, Duration.ofMillis(50))) {
      ServerTls tls = files.start();
      assertThat(tls.server().leaf()).isEqualTo(first.leaf());

      Files.writeString(dir.resolve("tls.key"), "half written");
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> tls.server().leaf().equals(first.leaf()));

      Issued renewed = ca.issueServer(java.util.List.of("op"), Instant.now());
      write(dir, renewed);
      await().atMost(Duration.ofSeconds(5)).until(() -> tls.server().leaf().equals(renewed.leaf()));
    }
  }
}
