package dev.breakwater.operator.kinds.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.sun.net.httpserver.HttpServer;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The operator's own checks against real sockets on 127.0.0.1. */
class EndpointCheckTest {
  /** Generous: a loaded machine must not turn an answer into a timeout. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** For the endpoint that never answers: the timeout is what is tested. */
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void httpPassesOnAnExpectedStatusAndNamesAnyOtherWithTheHostEnvoySends() throws IOException {
    AtomicReference<String> host = new AtomicReference<>();
    AtomicReference<Integer> status = new AtomicReference<>(404);
    HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    server.createContext("/health", exchange -> {
      host.set(exchange.getRequestHeaders().getFirst("Host"));
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
    try {
      var check = new HttpEndpointCheck("/health", "api.shop.svc.cluster.local", List.of(200, 204));
      var endpoint = new InetSocketAddress(LOOPBACK, server.getAddress().getPort());

      assertThat(check.check(endpoint, TIMEOUT)).isEqualTo(new EndpointCheck.Outcome(false, "404"));
      assertThat(host.get()).isEqualTo("api.shop.svc.cluster.local");
      status.set(204);
      assertThat(check.check(endpoint, TIMEOUT)).isEqualTo(new EndpointCheck.Outcome(true, "204"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aClosedPortIsConnectionRefused() throws IOException {
    InetSocketAddress closed;
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      closed = new InetSocketAddress(LOOPBACK, socket.getLocalPort());
    }

    assertThat(new HttpEndpointCheck("/health", "h", List.of(200)).check(closed, TIMEOUT))
        .isEqualTo(new EndpointCheck.Outcome(false, "connection refused"));
    assertThat(new TcpEndpointCheck().check(closed, TIMEOUT))
        .isEqualTo(new EndpointCheck.Outcome(false, "connection refused"));
  }

  @Test
  void anEndpointThatNeverAnswersTimesOutWithinTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, LOOPBACK)) {
      var endpoint = new InetSocketAddress(LOOPBACK, silent.getLocalPort());
      long start = System.nanoTime();

      var outcome = new HttpEndpointCheck("/health", "h", List.of(200)).check(endpoint, SHORT);

      assertThat(outcome).isEqualTo(new EndpointCheck.Outcome(false, "timeout after 300ms"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(new TcpEndpointCheck().check(endpoint, TIMEOUT))
          .isEqualTo(new EndpointCheck.Outcome(true, "connected"));
    }
  }

  @Test
  void grpcPassesOnServingAndNamesAnyOtherStatus() throws Exception {
    AtomicReference<Integer> serving = new AtomicReference<>(2);
    AtomicReference<String> askedFor = new AtomicReference<>();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0))
        .addService(healthService(serving, askedFor)).build().start();
    try {
      var endpoint = new InetSocketAddress(LOOPBACK, server.getPort());
      var check = new GrpcEndpointCheck("payments", "api.shop.svc.cluster.local");

      assertThat(check.check(endpoint, TIMEOUT))
          .isEqualTo(new EndpointCheck.Outcome(false, "NOT_SERVING"));
      assertThat(askedFor.get()).isEqualTo("payments");
      serving.set(1);
      assertThat(check.check(endpoint, TIMEOUT))
          .isEqualTo(new EndpointCheck.Outcome(true, "SERVING"));
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void grpcWithoutAHealthServiceIsUnimplemented() throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0)).build()
        .start();
    try {
      var outcome = new GrpcEndpointCheck("", "h")
          .check(new InetSocketAddress(LOOPBACK, server.getPort()), TIMEOUT);

      assertThat(outcome.passed()).isFalse();
      assertThat(outcome.result()).startsWith("gRPC UNIMPLEMENTED");
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void theFactoryFollowsTheSpecAndOnlyConnectsToHttp2Endpoints() {
    var http = new dev.breakwater.xds.policies.healthcheck.HealthCheckSettings(
        new dev.breakwater.xds.policies.healthcheck.HealthCheckSettings.Http("/h", List.of(200)),
        null, null, Duration.ofSeconds(1), SHORT, 1, 1, true, null, null);

    assertThat(EndpointCheck.of(http, "h", false)).isInstanceOf(HttpEndpointCheck.class);
    assertThat(EndpointCheck.of(http, "h", true)).isInstanceOf(TcpEndpointCheck.class);
  }

  /** grpc.health.v1.Health/Check answering {@code serving}, with hand-encoded messages. */
  private static ServerServiceDefinition healthService(AtomicReference<Integer> serving,
      AtomicReference<String> askedFor) {
    MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
      }

      @Override
      public byte[] parse(InputStream stream) {
        try {
          return stream.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    MethodDescriptor<byte[], byte[]> check = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("grpc.health.v1.Health/Check")
        .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
    return ServerServiceDefinition.builder("grpc.health.v1.Health")
        .addMethod(check, ServerCalls.asyncUnaryCall((request, responses) -> {
          try {
            CodedInputStream in = CodedInputStream.newInstance(request);
            String service = "";
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
              if (tag == (1 << 3 | 2)) {
                service = in.readString();
              } else {
                in.skipField(tag);
              }
            }
            askedFor.set(service);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeEnum(1, serving.get());
            out.flush();
            responses.onNext(bytes.toByteArray());
            responses.onCompleted();
          } catch (IOException e) {
            responses.onError(e);
          }
        }))
        .build();
  }

}
