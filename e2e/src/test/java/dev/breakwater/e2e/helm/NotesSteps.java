package dev.breakwater.e2e.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command blocks a user is told to paste from the chart's NOTES, exactly as printed: a
 * block is a run of consecutive lines each starting (after its indentation) with {@code kubectl},
 * {@code helm} or {@code curl}, or with the {@code kill} that ends a background command; a line
 * with a heredoc ({@code <<'YAML'}) takes every following line up to its terminator as bash reads
 * it, i.e. a line that is exactly the terminator. A heredoc whose terminator never appears on a
 * line of its own (an indented one, say) makes bash keep reading: {@link #parse} fails on it.
 */
public record NotesSteps(List<Step> steps) {
  private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*'?([A-Za-z_]+)'?");

  /** One pasted block: {@code text} as printed (indentation kept), run by bash as it is. */
  public record Step(String text) {
    /** The first command, without its indentation. */
    public String command() {
      return text.lines().findFirst().orElse("").strip();
    }
  }

  public static NotesSteps parse(String notes) {
    List<Step> steps = new ArrayList<>();
    List<String> lines = notes.lines().toList();
    StringBuilder block = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!isCommand(line.strip()) || (line.strip().startsWith("kill ") && block.isEmpty())) {
        flush(block, steps);
        continue;
      }
      block.append(line).append('\n');
      Matcher heredoc = HEREDOC.matcher(line);
      if (heredoc.find()) {
        i = appendHeredoc(lines, i, heredoc.group(2), !heredoc.group(1).isEmpty(), block);
      }
    }
    flush(block, steps);
    return new NotesSteps(steps);
  }

  private static boolean isCommand(String stripped) {
    return stripped.startsWith("kubectl ") || stripped.startsWith("helm ")
        || stripped.startsWith("curl ") || stripped.startsWith("kill ");
  }

  /** Appends the heredoc's body and terminator; returns the terminator's line index. */
  private static int appendHeredoc(List<String> lines, int start, String terminator,
      boolean stripsTabs, StringBuilder block) {
    for (int j = start + 1; j < lines.size(); j++) {
      String body = lines.get(j);
      block.append(body).append('\n');
      String asBashSeesIt = stripsTabs ? body.replaceFirst("^\t+", "") : body;
      if (asBashSeesIt.equals(terminator)) {
        return j;
      }
    }
    throw new AssertionError("NOTES: the heredoc of '" + lines.get(start).strip()
        + "' has no line that is exactly '" + terminator + "' (an indented terminator does"
        + " not end it): bash keeps reading whatever is pasted next");
  }

  private static void flush(StringBuilder block, List<Step> steps) {
    if (!block.isEmpty()) {
      steps.add(new Step(block.toString()));
      block.setLength(0);
    }
  }

  /** The block whose first command starts with {@code prefix}. */
  public Step find(String prefix) {
    return steps.stream().filter(s -> s.command().startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("NOTES have no step starting with '" + prefix
            + "'; steps: " + steps));
  }
}
