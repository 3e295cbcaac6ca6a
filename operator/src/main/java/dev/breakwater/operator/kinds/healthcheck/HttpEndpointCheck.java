package dev.breakwater.operator.kinds.healthcheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * GET path over HTTP/1.1 with the Host Envoy's check sends; passes on an expected status. A plain
 * socket, as Java's HTTP client will not send a Host of our choosing; only the status line is read.
 */
final class HttpEndpointCheck implements EndpointCheck {
  private final String path;
  private final String host;
  private final List<Integer> expected;

  HttpEndpointCheck(String path, String host, List<Integer> expected) {
    this.path = path;
    this.host = host;
    this.expected = List.copyOf(expected);
  }

  @Override
  public Outcome check(InetSocketAddress endpoint, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket()) {
      socket.connect(endpoint, (int) Math.max(1, timeout.toMillis()));
      socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host
          + "\r\nUser-Agent: breakwater-operator\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.US_ASCII)).readLine();
      if (statusLine == null) {
        return new Outcome(false, "connection closed without an answer");
      }
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
        return new Outcome(false, "not HTTP: " + abbreviate(statusLine));
      }
      int status = Integer.parseInt(parts[1]);
      return new Outcome(expected.contains(status), parts[1]);
    } catch (SocketTimeoutException e) {
      return new Outcome(false, "timeout after " + Durations.text(timeout));
    } catch (IOException e) {
      return new Outcome(false, EndpointCheck.networkError(e, timeout));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
