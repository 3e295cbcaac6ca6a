package dev.breakwater.operator.kinds;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.function.DoubleSupplier;

/** Registers one policy's series: every meter with the same tags. */
public final class Series {
  private final MeterRegistry registry;
  private final Tags tags;

  public Series(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
  }

  public Meter gauge(String name, String help, DoubleSupplier value) {
    return Gauge.builder(name, value::getAsDouble).description(help).tags(tags)
        .register(registry);
  }

  /** @param total must never decrease */
  public Meter counter(String name, String help, DoubleSupplier total) {
    return FunctionCounter.builder(name, total, DoubleSupplier::getAsDouble).description(help)
        .tags(tags).register(registry);
  }
}
