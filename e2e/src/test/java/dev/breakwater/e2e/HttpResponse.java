package dev.breakwater.e2e;

import java.util.Map;

/** One response as seen by a test client; header names lower-cased; status -1 = I/O error. */
public record HttpResponse(int status, Map<String, String> headers, String body) {
  public static final int IO_ERROR = -1;

  public String header(String name) {
    return headers.get(name);
  }
}
