package dev.breakwater.operator.tls;

import dev.breakwater.operator.publish.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The xDS port's certificate from files ({@link XdsTlsConfig.Mode#FILES}): tls.crt, tls.key and
 * ca.crt in one directory, as cert-manager writes a Secret that is mounted. Reread every ten
 * seconds; a change is taken once all three parse, so a half-written rotation is never used.
 */
public final class DirectoryTls implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DirectoryTls.class);
  private static final Duration EVERY = Duration.ofSeconds(10);

  private final Path dir;
  private final Duration every;
  private final ScheduledExecutorService executor;
  private String loaded;
  private ServerTls tls;

  public DirectoryTls(Path dir) {
    this(dir, EVERY);
  }

  DirectoryTls(Path dir, Duration every) {
    this.dir = dir;
    this.every = every;
    this.executor = Scheduler.daemonThread("breakwater-xds-tls-files");
  }

  public synchronized ServerTls start() {
    String content = read();
    tls = parse();
    loaded = content;
    executor.scheduleWithFixedDelay(this::reload, every.toMillis(), every.toMillis(),
        TimeUnit.MILLISECONDS);
    return tls;
  }

  private ServerTls parse() {
    try {
      return new ServerTls(new Issued(Pem.privateKey(file(XdsCertificates.TLS_KEY)),
          Pem.certificates(file(XdsCertificates.TLS_CRT))),
          Pem.certificates(file(XdsCertificates.CA_CRT)));
    } catch (IOException e) {
      throw new UncheckedIOException("xDS TLS files in " + dir + " not readable", e);
    }
  }

  private synchronized void reload() {
    try {
      String content = read();
      if (content.equals(loaded)) {
        return;
      }
      ServerTls next = parse();
      tls.update(next.server(), Pem.certificates(file(XdsCertificates.CA_CRT)));
      loaded = content;
      LOG.info("xDS certificate reloaded from {} (valid until {})", dir,
          next.server().leaf().getNotAfter().toInstant());
    } catch (IOException | RuntimeException e) {
      LOG.warn("xDS TLS files in {} not reloaded, keeping the current ones: {}", dir,
          e.getMessage());
    }
  }

  private String read() {
    try {
      return file(XdsCertificates.TLS_CRT) + file(XdsCertificates.TLS_KEY)
          + file(XdsCertificates.CA_CRT);
    } catch (IOException e) {
      throw new UncheckedIOException("xDS TLS files in " + dir + " not readable", e);
    }
  }

  private String file(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
