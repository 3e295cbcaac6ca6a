package dev.breakwater.e2e;

import java.util.Map;

/** One request of a load run: who sent it, when (ns since the run began), what came back. */
public record Sample(String client, long startNanos, long endNanos, int status,
    Map<String, String> headers) {

  public String header(String name) {
    return headers.get(name);
  }
}
