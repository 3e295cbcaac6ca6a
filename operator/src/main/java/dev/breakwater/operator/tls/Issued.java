package dev.breakwater.operator.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A key and its certificate chain (leaf first).
 */
public record Issued(PrivateKey key, List<X509Certificate> chain) {

  public Issued {
    chain = List.copyOf(chain);
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** True once less than a third of its validity is left: time to issue the next one. */
  public boolean dueForRenewal(Instant now) {
    Instant from = leaf().getNotBefore().toInstant();
    Instant until = leaf().getNotAfter().toInstant();
    Duration left = Duration.between(now, until);
    return left.compareTo(Duration.between(from, until).dividedBy(3)) < 0;
  }

  public String chainPem() {
    return Pem.encode(chain);
  }

  public String keyPem() {
    return Pem.encode(key);
  }
}
