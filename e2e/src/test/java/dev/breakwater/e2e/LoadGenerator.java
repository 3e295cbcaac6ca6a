package dev.breakwater.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded load against Envoy's listener on 127.0.0.1 (or a gateway Service's address): each
 * {@link LoadClient} has one connection and either paces itself or sends back to back; a run
 * ends at its duration or after {@value #MAX_SAMPLES} requests, whichever comes first, and
 * records every response ({@link Sample}).
 */
public final class LoadGenerator {
  static final int MAX_SAMPLES = 200_000;

  private final java.net.InetAddress address;
  private final int port;
  private final Set<String> trackedHeaders;

  /** @param trackedHeaders response headers kept in each sample (lower-case names) */
  public LoadGenerator(int port, String... trackedHeaders) {
    this(java.net.InetAddress.getLoopbackAddress(), port, trackedHeaders);
  }

  public LoadGenerator(java.net.InetAddress address, int port, String... trackedHeaders) {
    this.address = address;
    this.port = port;
    this.trackedHeaders = Set.of(trackedHeaders);
  }

  public LoadReport run(List<LoadClient> clients, Duration duration) {
    return start(clients, duration).await();
  }

  public Run start(List<LoadClient> clients, Duration duration) {
    return new Run(clients, duration);
  }

  /** A run in progress; {@link #await()} waits for its end, {@link #stop()} ends it early. */
  public final class Run {
    private final long begin = System.nanoTime();
    // read together with begin: what a test compares with another process's clock
    private final java.time.Instant beginWallClock = java.time.Instant.now();
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final ExecutorService loops;
    private final ScheduledExecutorService pacer;
    private final List<Future<?>> tasks = new ArrayList<>();
    private final List<HttpConnection> connections = new ArrayList<>();
    private final Duration duration;
    // Checked before every request: a paced client that fell behind (fixed-rate catch-up) must
    // still stop on time.
    private final long deadline;
    private volatile boolean stopped;
    private volatile long end;

    private Run(List<LoadClient> clients, Duration duration) {
      this.duration = duration;
      this.deadline = begin + duration.toNanos();
      loops = Executors.newFixedThreadPool(Math.max(1, clients.size()), r -> daemon(r, "load"));
      pacer = Executors.newScheduledThreadPool(Math.max(1, clients.size()), r -> daemon(r, "pace"));
      for (LoadClient client : clients) {
        HttpConnection connection = new HttpConnection(address, port);
        connections.add(connection);
        Runnable step = () -> {
          boolean more = !stopped && System.nanoTime() < deadline;
          if (more && count.incrementAndGet() <= MAX_SAMPLES) {
            send(client, connection);
          } else {
            stop();
          }
        };
        if (client.ratePerSecond() > 0) {
          long period = (long) (1e9 / client.ratePerSecond());
          tasks.add(pacer.scheduleAtFixedRate(step, 0, period, TimeUnit.NANOSECONDS));
        } else {
          tasks.add(loops.submit(() -> {
            while (!stopped) {
              step.run();
            }
          }));
        }
      }
    }

    private void send(LoadClient client, HttpConnection connection) {
      long start = System.nanoTime() - begin;
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      HttpResponse response = connection.get(client.host(), client.path(), client.headers());
      inFlight.decrementAndGet();
      Map<String, String> kept = new HashMap<>();
      for (String h : trackedHeaders) {
        String v = response.header(h);
        if (v != null) {
          kept.put(h, v);
        }
      }
      samples.add(new Sample(client.name(), start, System.nanoTime() - begin, response.status(),
          Map.copyOf(kept)));
    }

    /** The wall clock when the run began ({@link Sample#startNanos()} counts from there). */
    public java.time.Instant beganAt() {
      return beginWallClock;
    }

    /** Time since the run began, on the same clock as {@link Sample#startNanos()}. */
    public Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - begin);
    }

    public void stop() {
      if (!stopped) {
        end = System.nanoTime();
        stopped = true;
      }
    }

    /** What was recorded so far (the run goes on). */
    public LoadReport snapshot() {
      return new LoadReport(List.copyOf(samples), Duration.ofNanos(System.nanoTime() - begin),
          maxInFlight.get());
    }

    /** Waits for the end of the run (its duration plus at most one request timeout). */
    public LoadReport await() {
      org.awaitility.Awaitility.await("load run ends").atMost(duration.plusSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> stopped || System.nanoTime() >= deadline);
      stop();
      tasks.forEach(t -> t.cancel(false));
      pacer.shutdown();
      loops.shutdown();
      try {
        if (!pacer.awaitTermination(15, TimeUnit.SECONDS)
            || !loops.awaitTermination(15, TimeUnit.SECONDS)) {
          throw new IllegalStateException("load clients did not finish within 15 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        connections.forEach(HttpConnection::close);
      }
      return new LoadReport(List.copyOf(samples), Duration.ofNanos(end - begin),
          maxInFlight.get());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
