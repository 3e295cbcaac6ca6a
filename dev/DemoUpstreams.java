import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The upstreams behind dev/up's example Services, all in one JVM (run from source with the
 * operator jar on the class path, which brings gRPC): per Service port either
 * <ul>
 *   <li>{@code http:<service>:<port>}: HTTP/1.1, {@code /health} answers 200 "ok", any other path
 *       200 with the Service's name (a HealthCheck {@code http} or {@code tcp} passes), or
 *   <li>{@code grpc:<service>:<port>}: gRPC over cleartext HTTP/2 with the standard health
 *       service, {@code grpc.health.v1.Health/Check} answering SERVING for any service name (a
 *       HealthCheck {@code grpc} passes).
 * </ul>
 * Usage: {@code java -cp breakwater-operator.jar dev/DemoUpstreams.java <address> <spec>...};
 * prints "ready" once every port listens, runs until it is stopped.
 */
public class DemoUpstreams {
  /** HealthCheckResponse{status: SERVING}: field 1, varint 1. */
  private static final byte[] SERVING = {0x08, 0x01};

  public static void main(String[] args) throws Exception {
    String address = args[0];
    List<Server> grpcServers = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] spec = args[i].split(":");
      InetSocketAddress at = new InetSocketAddress(address, Integer.parseInt(spec[2]));
      if (spec[0].equals("grpc")) {
        grpcServers.add(NettyServerBuilder.forAddress(at).addService(health()).build().start());
      } else {
        http(at, spec[1]);
      }
    }
    System.out.println("ready");
    new CountDownLatch(1).await();
  }

  private static void http(InetSocketAddress at, String service) throws IOException {
    HttpServer server = HttpServer.create(at, 64);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      reply(exchange, path.equals("/health") ? "ok\n"
          : service + ": " + exchange.getRequestMethod() + " " + path + "\n");
    });
    server.start();
  }

  private static void reply(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "text/plain");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** grpc.health.v1.Health with Check only, on raw protobuf bytes (no generated classes). */
  private static ServerServiceDefinition health() {
    MethodDescriptor<byte[], byte[]> check = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("grpc.health.v1.Health/Check")
        .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
    return ServerServiceDefinition.builder("grpc.health.v1.Health")
        .addMethod(check, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(SERVING);
          response.onCompleted();
        }))
        .build();
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
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
  }
}
