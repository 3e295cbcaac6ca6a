package dev.breakwater.xds.policy;

import com.google.protobuf.UInt32Value;
import dev.breakwater.xds.model.PolicyMode;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.time.Duration;

/** Conversions from model values to protobuf and Envoy's common types. */
public final class Protos {
  private Protos() {}

  public static com.google.protobuf.Duration duration(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }

  public static UInt32Value uint32(int value) {
    return UInt32Value.of(value);
  }

  public static RuntimeFractionalPercent percent(int value) {
    return RuntimeFractionalPercent.newBuilder()
        .setDefaultValue(FractionalPercent.newBuilder()
            .setNumerator(value)
            .setDenominator(FractionalPercent.DenominatorType.HUNDRED))
        .build();
  }

  /** 100 where the policy enforces, 0 where it only observes (DryRun). */
  public static int enforcing(PolicyMode mode) {
    return mode == PolicyMode.DryRun ? 0 : 100;
  }
}
