package dev.breakwater.xds.xds;

import com.google.protobuf.UInt32Value;
import java.time.Duration;

/** Conversions from model values to protobuf well-known types. */
final class Protos {
  private Protos() {}

  static com.google.protobuf.Duration duration(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }

  static UInt32Value uint32(int value) {
    return UInt32Value.of(value);
  }
}
