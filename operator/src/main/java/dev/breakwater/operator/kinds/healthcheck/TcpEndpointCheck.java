package dev.breakwater.operator.kinds.healthcheck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Passes when a TCP connection opens within the timeout. */
final class TcpEndpointCheck implements EndpointCheck {

  @Override
  public Outcome check(InetSocketAddress endpoint, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(endpoint, (int) Math.max(1, timeout.toMillis()));
      return new Outcome(true, "connected");
    } catch (IOException e) {
      return new Outcome(false, EndpointCheck.networkError(e, timeout));
    }
  }
}
