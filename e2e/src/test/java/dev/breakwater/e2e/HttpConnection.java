package dev.breakwater.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A keep-alive HTTP/1.1 connection to 127.0.0.1 (or another address of the suite's network
 * namespace: a Service or pod of the test bed's node) over a raw socket (any method, an optional
 * body): the test decides the
 * {@code Host} header (the virtual host Envoy routes by), which java.net.http forbids, and one
 * client is exactly one downstream connection. Reconnects when the server closed it.
 */
public final class HttpConnection implements AutoCloseable {
  private static final int TIMEOUT_MS = 10_000;

  private final InetAddress address;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public HttpConnection(int port) {
    this(InetAddress.getLoopbackAddress(), port);
  }

  public HttpConnection(InetAddress address, int port) {
    this.address = address;
    this.port = port;
  }

  /** GET {@code path} with {@code Host: host}; never throws: failures are status -1. */
  public HttpResponse get(String host, String path, Map<String, String> headers) {
    return send("GET", host, path, headers, null);
  }

  /**
   * {@code method path} with {@code Host: host} and, when not null, a body (sent with its
   * Content-Length); never throws: failures are status -1.
   */
  public HttpResponse send(String method, String host, String path, Map<String, String> headers,
      String body) {
    try {
      return exchange(method, host, path, headers, body);
    } catch (IOException | RuntimeException e) {
      // RuntimeException: a malformed response (bad number); a paced client must keep going.
      close();
      return new HttpResponse(HttpResponse.IO_ERROR, Map.of(), e.toString());
    }
  }

  private HttpResponse exchange(String method, String host, String path,
      Map<String, String> headers, String body) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.connect(new InetSocketAddress(address, port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }
    StringBuilder request = new StringBuilder()
        .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append("\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    if (body != null) {
      request.append("Content-Length: ")
          .append(body.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n");
    }
    request.append("\r\n");
    if (body != null) {
      request.append(body);
    }
    out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    HttpResponse response = read();
    if ("close".equalsIgnoreCase(response.header("connection"))) {
      close();
    }
    return response;
  }

  private HttpResponse read() throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          h.substring(colon + 1).trim());
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = chunked();
    } else if (status == 204 || status == 304) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
      headers.put("connection", "close");
    }
    return new HttpResponse(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = chunkSize(); size > 0; size = chunkSize()) {
      body.write(in.readNBytes(size));
      line();
    }
    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
      // trailers are not used by the tests
    }
    return body.toByteArray();
  }

  private int chunkSize() throws IOException {
    String l = line();
    int semi = l.indexOf(';');
    return Integer.parseInt((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
  }

  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (b != '\r') {
        buf.write(b);
      }
    }
    return buf.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
