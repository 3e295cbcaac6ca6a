package dev.breakwater.operator.quarantine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envoy's NACK messages made fit for a status condition: Envoy appends the whole rejected proto
 * (kilobytes of text) to its reason; what the user needs is the reason.
 */
final class EnvoyMessages {

  static final int MAX = 480;
  /** Where Envoy starts printing the proto it refused: a closing parenthesis, then a field. */
  private static final Pattern PROTO_DUMP =
      Pattern.compile("\\):\\s+[a-z_][a-z0-9_]*\\s*(?:\\{|:)");

  private EnvoyMessages() {}

  static String shorten(String message) {
    if (message == null || message.isBlank()) {
      return "no reason given";
    }
    String text = message.strip();
    // "name: \"x\"\ntype: EDS\n...\n: Proto constraint validation failed (...)": the proto
    // first, the reason after it
    int reason = text.lastIndexOf("\n: ");
    if (reason >= 0) {
      text = text.substring(reason + 3).strip();
    }
    int newline = text.indexOf('\n');
    if (newline > 0) {
      text = text.substring(0, newline);
    }
    // "...validation failed (XValidationError.Field: value must be ...): name: \"x\" ..."
    Matcher proto = PROTO_DUMP.matcher(text);
    if (proto.find()) {
      text = text.substring(0, proto.start() + 1);
    }
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
  }
}
