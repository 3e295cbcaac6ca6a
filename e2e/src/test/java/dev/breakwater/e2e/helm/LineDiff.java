package dev.breakwater.e2e.helm;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines (longest common subsequence), so a golden mismatch reads
 * like {@code git diff}: the test fails with the changed lines and three lines of context.
 */
final class LineDiff {
  private static final int CONTEXT = 3;
  private static final int MAX_LINES_SHOWN = 200;

  private LineDiff() {}

  static String unified(String expectedName, String expected, String actualName, String actual) {
    String[] a = expected.split("\n", -1);
    String[] b = actual.split("\n", -1);
    List<String> ops = script(a, b);
    StringBuilder out = new StringBuilder("--- " + expectedName + "\n+++ " + actualName + "\n");
    int shown = 0;
    int i = 0;
    while (i < ops.size()) {
      if (ops.get(i).charAt(0) == ' ') {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      // extend the hunk while changes are closer than two contexts apart
      int lastChange = i;
      while (end < ops.size() && end - lastChange <= 2 * CONTEXT) {
        if (ops.get(end).charAt(0) != ' ') {
          lastChange = end;
        }
        end++;
      }
      end = Math.min(ops.size(), lastChange + CONTEXT + 1);
      out.append("@@ line ").append(lineOf(ops, start)).append(" @@\n");
      for (int k = start; k < end && shown < MAX_LINES_SHOWN; k++, shown++) {
        out.append(ops.get(k)).append('\n');
      }
      if (shown >= MAX_LINES_SHOWN) {
        out.append("... (diff cut after ").append(MAX_LINES_SHOWN).append(" lines)\n");
        break;
      }
      i = end;
    }
    return out.toString();
  }

  /** Line number in the expected text where op index {@code upTo} starts (1-based). */
  private static int lineOf(List<String> ops, int upTo) {
    int line = 1;
    for (int k = 0; k < upTo; k++) {
      if (ops.get(k).charAt(0) != '+') {
        line++;
      }
    }
    return line;
  }

  private static List<String> script(String[] a, String[] b) {
    int[][] lcs = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1
            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> ops = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i].equals(b[j])) {
        ops.add(" " + a[i++]);
        j++;
      } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.add("-" + a[i++]);
      } else {
        ops.add("+" + b[j++]);
      }
    }
    return ops;
  }
}
