package dev.breakwater.operator.tls;

import dev.breakwater.operator.kube.ApiServer;
import dev.breakwater.operator.kube.Backoff;
import dev.breakwater.operator.publish.Scheduler;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as the xDS channel's CA ({@link XdsTlsConfig.Mode#ISSUE}): the CA lives in a
 * Secret (created once; several replicas racing to create it settle on the first), the server
 * certificate in memory, the proxies' certificate in a Secret the gateway mounts. Both
 * certificates are renewed once a third of their 90 days is left, and on a new CA; the check runs
 * every ten minutes and, until the proxy Secret is written, every few seconds.
 */
public final class XdsCertificates implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(XdsCertificates.class);
  static final String CA_CRT = "ca.crt";
  static final String TLS_CRT = "tls.crt";
  static final String TLS_KEY = "tls.key";
  private static final Duration CHECK_EVERY = Duration.ofMinutes(10);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final XdsTlsConfig config;
  private final String namespace;
  private final ApiServer api;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private CertificateAuthority ca;
  private ServerTls tls;
  private boolean proxySecretCurrent;

  public XdsCertificates(KubernetesClient client, XdsTlsConfig config, String namespace,
      ApiServer api, Clock clock) {
    this.client = client;
    this.config = config;
    this.namespace = namespace;
    this.api = api;
    this.clock = clock;
    this.executor = Scheduler.daemonThread("breakwater-xds-certificates");
  }

  /**
   * The server side of the xDS port, once the CA is known: from its Secret, else (no API server)
   * from the mounted copy, else after waiting for the API server.
   */
  public synchronized ServerTls start() {
    ca = loadCa();
    tls = new ServerTls(ca.issueServer(serverNames(), clock.instant()), trusted(ca));
    executor.execute(this::check);
    return tls;
  }

  private CertificateAuthority loadCa() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    while (true) {
      if (api.problem() == null) {
        try {
          return caFromSecret();
        } catch (KubernetesClientException | IllegalArgumentException e) {
          Duration wait = backoff.next();
          LOG.warn("xDS CA Secret {}/{} not readable (retrying in {} s): {}", namespace,
              config.caSecret(), wait.toSeconds(), e.getMessage());
          if (!backoff.pauseFor(wait)) {
            throw new IllegalStateException("interrupted while reading the xDS CA");
          }
          continue;
        }
      }
      Optional<CertificateAuthority> mounted = caFromDirectory();
      if (mounted.isPresent()) {
        LOG.info("xDS CA from {} (the API server does not answer)", config.caDir());
        return mounted.get();
      }
      if (!api.awaitReachable("read the xDS CA Secret " + namespace + "/" + config.caSecret())) {
        throw new IllegalStateException("interrupted while waiting for the xDS CA");
      }
    }
  }

  private CertificateAuthority caFromSecret() {
    Secret secret = client.secrets().inNamespace(namespace).withName(config.caSecret()).get();
    if (secret == null) {
      CertificateAuthority created = CertificateAuthority.generate(
          "breakwater-xds-ca-" + namespace, clock.instant());
      Issued c = created.certificate();
      try {
        client.secrets().inNamespace(namespace).resource(secret(config.caSecret(),
            Map.of(TLS_CRT, c.chainPem(), TLS_KEY, c.keyPem(), CA_CRT, c.chainPem()))).create();
        LOG.info("created the xDS CA in Secret {}/{}", namespace, config.caSecret());
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // another replica created it first: use theirs
        secret = client.secrets().inNamespace(namespace).withName(config.caSecret()).get();
      }
    }
    return fromData(decode(secret.getData()));
  }

  private Optional<CertificateAuthority> caFromDirectory() {
    Path dir = config.caDir();
    if (dir == null || !Files.isReadable(dir.resolve(TLS_CRT))
        || !Files.isReadable(dir.resolve(TLS_KEY))) {
      return Optional.empty();
    }
    try {
      Map<String, String> data = new LinkedHashMap<>();
      data.put(TLS_CRT, Files.readString(dir.resolve(TLS_CRT)));
      data.put(TLS_KEY, Files.readString(dir.resolve(TLS_KEY)));
      if (Files.isReadable(dir.resolve(CA_CRT))) {
        data.put(CA_CRT, Files.readString(dir.resolve(CA_CRT)));
      }
      return Optional.of(fromData(data));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("xDS CA in {} not readable: {}", dir, e.getMessage());
      return Optional.empty();
    }
  }

  private static CertificateAuthority fromData(Map<String, String> data) {
    return new CertificateAuthority(new Issued(Pem.privateKey(data.get(TLS_KEY)),
        Pem.certificates(data.get(TLS_CRT))));
  }

  /** Renews what is due and writes the proxy Secret; never throws (runs on a schedule). */
  private synchronized void check() {
    boolean done = false;
    try {
      Instant now = clock.instant();
      if (api.problem() == null) {
        CertificateAuthority current = caFromSecret();
        if (!current.certificate().leaf().equals(ca.certificate().leaf())) {
          LOG.info("the xDS CA in Secret {}/{} changed: reissuing", namespace, config.caSecret());
          ca = current;
          tls.update(ca.issueServer(serverNames(), now), trusted(ca));
          proxySecretCurrent = false;
        }
        ensureProxySecret(now);
      }
      if (tls.server().dueForRenewal(now)) {
        tls.update(ca.issueServer(serverNames(), now), trusted(ca));
        LOG.info("renewed the xDS server certificate (valid until {})",
            tls.server().leaf().getNotAfter().toInstant());
      }
      done = proxySecretCurrent;
    } catch (RuntimeException e) {
      LOG.warn("xDS certificates not checked (retrying in {} s): {}", RETRY_EVERY.toSeconds(),
          e.getMessage());
    } finally {
      if (!executor.isShutdown()) {
        executor.schedule(this::check, (done ? CHECK_EVERY : RETRY_EVERY).toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private void ensureProxySecret(Instant now) {
    Secret secret = client.secrets().inNamespace(namespace).withName(config.proxySecret()).get();
    if (secret != null && current(decode(secret.getData()), now)) {
      proxySecretCurrent = true;
      return;
    }
    Issued proxy = ca.issueProxy(config.proxyIdentity(), now);
    Secret desired = secret(config.proxySecret(), Map.of(TLS_CRT, proxy.chainPem(),
        TLS_KEY, proxy.keyPem(), CA_CRT, Pem.encode(trusted(ca))));
    desired.getMetadata().getAnnotations().put("breakwater.dev/proxy-identity",
        config.proxyIdentity());
    client.secrets().inNamespace(namespace).resource(desired).forceConflicts()
        .fieldManager("breakwater").serverSideApply();
    proxySecretCurrent = true;
    LOG.info("wrote the xDS proxy certificate for {} to Secret {}/{} (valid until {})",
        config.proxyIdentity(), namespace, config.proxySecret(),
        proxy.leaf().getNotAfter().toInstant());
  }

  /** The Secret holds a certificate of this identity from this CA with most of its life left. */
  private boolean current(Map<String, String> data, Instant now) {
    try {
      List<X509Certificate> chain = Pem.certificates(data.getOrDefault(TLS_CRT, ""));
      X509Certificate leaf = chain.get(0);
      leaf.verify(ca.certificate().leaf().getPublicKey());
      return ProxyIdentity.of(leaf).filter(config.proxyIdentity()::equals).isPresent()
          && !new Issued(Pem.privateKey(data.get(TLS_KEY)), chain).dueForRenewal(now);
    } catch (RuntimeException | java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private List<String> serverNames() {
    List<String> names = new ArrayList<>(config.serverNames());
    if (!names.contains("localhost")) {
      names.add("localhost");
    }
    return names;
  }

  private static List<X509Certificate> trusted(CertificateAuthority ca) {
    return ca.certificate().chain();
  }

  private Secret secret(String name, Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((k, v) -> encoded.put(k,
        Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(namespace);
    meta.setLabels(Map.of("app.kubernetes.io/managed-by", "breakwater",
        "app.kubernetes.io/part-of", "breakwater"));
    meta.setAnnotations(new LinkedHashMap<>());
    return new SecretBuilder().withMetadata(meta).withType("kubernetes.io/tls")
        .withData(encoded).build();
  }

  private static Map<String, String> decode(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    if (data != null) {
      data.forEach((k, v) -> out.put(k,
          new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
