package dev.breakwater.operator.kinds.healthcheck;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC health protocol's Check (grpc.health.v1.Health/Check), as Envoy's gRPC check calls it:
 * passes on SERVING. The two tiny messages are encoded by hand (field 1 each: the service name,
 * the status enum), so no generated health classes are needed.
 */
final class GrpcEndpointCheck implements EndpointCheck {
  private static final String[] STATUSES = {"UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"};
  private static final MethodDescriptor<String, Integer> CHECK =
      MethodDescriptor.<String, Integer>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("grpc.health.v1.Health/Check")
          .setRequestMarshaller(new ServiceName())
          .setResponseMarshaller(new ServingStatus())
          .build();

  private final String service;
  private final String authority;

  GrpcEndpointCheck(String service, String authority) {
    this.service = service;
    this.authority = authority;
  }

  @Override
  public Outcome check(InetSocketAddress endpoint, Duration timeout) {
    ManagedChannel channel = NettyChannelBuilder.forAddress(endpoint)
        .usePlaintext()
        .overrideAuthority(authority)
        .build();
    try {
      int status = ClientCalls.blockingUnaryCall(channel, CHECK,
          io.grpc.CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS),
          service);
      String name = status >= 0 && status < STATUSES.length ? STATUSES[status] : "status " + status;
      return new Outcome(status == 1, name);
    } catch (StatusRuntimeException e) {
      Status s = e.getStatus();
      if (s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return new Outcome(false, "timeout after " + Durations.text(timeout));
      }
      if (s.getCode() == Status.Code.UNAVAILABLE && s.getCause() != null) {
        return new Outcome(false, EndpointCheck.networkError(
            s.getCause() instanceof Exception cause ? cause : e, timeout));
      }
      return new Outcome(false, "gRPC " + s.getCode()
          + (s.getDescription() == null ? "" : ": " + s.getDescription()));
    } finally {
      channel.shutdownNow();
    }
  }

  /** HealthCheckRequest { string service = 1; } */
  private static final class ServiceName implements MethodDescriptor.Marshaller<String> {
    @Override
    public InputStream stream(String value) {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        if (!value.isEmpty()) {
          out.writeString(1, value);
        }
        out.flush();
        return new ByteArrayInputStream(bytes.toByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String parse(InputStream stream) {
      throw new UnsupportedOperationException("client side only");
    }
  }

  /** HealthCheckResponse { ServingStatus status = 1; }: absent is UNKNOWN (0). */
  private static final class ServingStatus implements MethodDescriptor.Marshaller<Integer> {
    @Override
    public InputStream stream(Integer value) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public Integer parse(InputStream stream) {
      try {
        CodedInputStream in = CodedInputStream.newInstance(stream);
        int status = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
          if (tag == (1 << 3)) {
            status = in.readEnum();
          } else if (!in.skipField(tag)) {
            break;
          }
        }
        return status;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
