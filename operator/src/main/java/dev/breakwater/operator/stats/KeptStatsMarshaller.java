package dev.breakwater.operator.stats;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.envoyproxy.envoy.service.metrics.v3.StreamMetricsMessage;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.prometheus.client.Metrics.MetricFamily;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a metrics_service flush keeping only the metric families the operator reads
 * ({@link StatNames#keep}): each family's name is read first and a family not kept is skipped
 * as bytes, never parsed. An Envoy with 3,334 clusters flushes hundreds of thousands of stats,
 * histograms included, every few seconds; parsing all of them was nine tenths of the operator's
 * CPU at 10,000 policies (issue 12). Writing is the standard one (the operator never sends this).
 */
final class KeptStatsMarshaller implements MethodDescriptor.Marshaller<StreamMetricsMessage> {
  private final MethodDescriptor.Marshaller<StreamMetricsMessage> standard;

  KeptStatsMarshaller(MethodDescriptor.Marshaller<StreamMetricsMessage> standard) {
    this.standard = standard;
  }

  @Override
  public InputStream stream(StreamMetricsMessage value) {
    return standard.stream(value);
  }

  @Override
  public StreamMetricsMessage parse(InputStream stream) {
    try {
      return parse(CodedInputStream.newInstance(stream));
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("invalid metrics flush: " + e.getMessage())
          .withCause(e).asRuntimeException();
    }
  }

  static StreamMetricsMessage parse(CodedInputStream in) throws IOException {
    in.setSizeLimit(Integer.MAX_VALUE); // gRPC's inbound limit bounds the message already
    StreamMetricsMessage.Builder kept = StreamMetricsMessage.newBuilder();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case StreamMetricsMessage.IDENTIFIER_FIELD_NUMBER -> kept.setIdentifier(in.readMessage(
            StreamMetricsMessage.Identifier.parser(), ExtensionRegistryLite.getEmptyRegistry()));
        case StreamMetricsMessage.ENVOY_METRICS_FIELD_NUMBER -> {
          ByteString family = in.readBytes();
          String name = name(family);
          if (name != null && StatNames.keep(name) != null) {
            kept.addEnvoyMetrics(MetricFamily.parseFrom(family));
          }
        }
        default -> in.skipField(tag);
      }
    }
    return kept.build();
  }

  /** The family's name (field 1, which Envoy writes first); null without one. */
  private static String name(ByteString family) throws InvalidProtocolBufferException {
    try {
      CodedInputStream in = family.newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == MetricFamily.NAME_FIELD_NUMBER) {
          return in.readStringRequireUtf8();
        }
        in.skipField(tag);
      }
      return null;
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }
}
