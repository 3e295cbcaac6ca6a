package dev.breakwater.e2e.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands a user is told to run in the chart's NOTES: every indented line that starts with
 * {@code kubectl}, {@code helm} or {@code curl}; a {@code <<'EOF'} heredoc is kept with its body
 * (dedented, so the shell finds its terminator).
 */
record NotesSteps(List<String> commands) {

  static NotesSteps parse(String notes) {
    List<String> commands = new ArrayList<>();
    List<String> lines = notes.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!(line.startsWith("kubectl ") || line.startsWith("helm ") || line.startsWith("curl "))) {
        continue;
      }
      int heredoc = line.indexOf("<<'");
      if (heredoc < 0) {
        commands.add(line);
        continue;
      }
      String terminator = line.substring(heredoc + 3, line.indexOf('\'', heredoc + 3));
      int indent = lines.get(i).indexOf(line.charAt(0));
      StringBuilder block = new StringBuilder(line).append('\n');
      while (++i < lines.size()) {
        String body = lines.get(i);
        String dedented = body.length() >= indent && body.substring(0, indent).isBlank()
            ? body.substring(indent) : body.strip();
        block.append(dedented).append('\n');
        if (dedented.strip().equals(terminator)) {
          break;
        }
      }
      commands.add(block.toString());
    }
    return new NotesSteps(commands);
  }

  String find(String prefix) {
    return commands.stream().filter(c -> c.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("NOTES have no step starting with '" + prefix
            + "'; steps: " + commands));
  }
}
