package dev.breakwater.operator.cli;

import dev.breakwater.operator.debug.ProxiesAnswer;
import dev.breakwater.operator.debug.ProxyView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code breakwater proxies} as a table: one row per proxy, one column per xDS type with its
 * state (SYNCED, STALE, NACKED, WAITING, or - when the proxy does not ask for the type), and its
 * latest rejection of any type.
 */
final class ProxiesTable {

  static final List<String> TYPES = List.of("CDS", "EDS", "LDS", "RDS", "SRDS");
  private static final int MESSAGE_WIDTH = 80;

  private final Clock clock;

  ProxiesTable(Clock clock) {
    this.clock = clock;
  }

  String render(ProxiesAnswer answer) {
    if (answer.proxies().isEmpty()) {
      return "No Envoy proxy is connected to " + answer.replica() + ".\n";
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("NODE", "REPLICA", "ADS", "CONNECTED"));
    header.addAll(TYPES);
    header.add("LAST NACK");
    rows.add(header);
    for (ProxyView p : answer.proxies()) {
      List<String> row = new ArrayList<>(List.of(p.node(), p.replica(),
          p.ads() == null ? "-" : p.ads(), age(p.connectedSince())));
      for (String type : TYPES) {
        ProxyView.TypeView t = p.types().get(type);
        row.add(t == null || ProxyView.TypeView.NOT_SUBSCRIBED.equals(t.state()) ? "-"
            : t.state());
      }
      row.add(lastNack(p.types()));
      rows.add(row);
    }
    return columns(rows);
  }

  /** The most recent rejection of any type: its type, how long ago, Envoy's message. */
  private String lastNack(Map<String, ProxyView.TypeView> types) {
    String type = null;
    ProxyView.NackView last = null;
    for (Map.Entry<String, ProxyView.TypeView> e : types.entrySet()) {
      ProxyView.NackView n = e.getValue().lastNack();
      if (n != null && (last == null || n.at().compareTo(last.at()) > 0)) {
        last = n;
        type = e.getKey();
      }
    }
    if (last == null) {
      return "-";
    }
    String message = last.message() == null ? "" : last.message().replaceAll("\\s+", " ");
    if (message.length() > MESSAGE_WIDTH) {
      message = message.substring(0, MESSAGE_WIDTH - 3) + "...";
    }
    return type + " " + age(last.at()) + " ago: " + message;
  }

  private String age(String rfc3339) {
    if (rfc3339 == null) {
      return "-";
    }
    Duration d = Duration.between(Instant.parse(rfc3339), clock.instant());
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60) + "s";
    }
    if (s < 86400) {
      return (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
    return (s / 86400) + "d" + (s % 86400 / 3600) + "h";
  }

  /** Left-aligned columns, three spaces apart; the last column is not padded. */
  private static String columns(List<List<String>> rows) {
    int n = rows.get(0).size();
    int[] width = new int[n];
    for (List<String> row : rows) {
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < n; i++) {
        out.append(i == n - 1 ? row.get(i) : pad(row.get(i), width[i] + 3));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
