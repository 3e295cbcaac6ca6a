package dev.breakwater.operator.stats;

import java.util.List;

/** The latest value of every kept stat one metrics stream (one Envoy process) flushed. */
public record StreamSamples(String streamId, String nodeId, List<StatSample> samples) {

  public StreamSamples {
    samples = List.copyOf(samples);
  }
}
