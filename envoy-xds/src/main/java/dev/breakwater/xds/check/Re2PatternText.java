package dev.breakwater.xds.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * What the text of a regexp tells before (or beside) parsing it: where its escapes and classes
 * end, which {@code \C} escapes to stand in for, what Breakwater refuses to size, and duplicated
 * one-character alternatives whose trace re2j's parser erases.
 */
final class Re2PatternText {
  private Re2PatternText() {}

  /** Replaces each {@code \C} escape outside classes and {@code \Q...\E} by replacement. */
  static String replaceAnyByteEscapes(String regex, String replacement) {
    StringBuilder out = new StringBuilder(regex.length());
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      int end = c == '\\' ? endOfEscape(regex, i) : c == '[' ? endOfClass(regex, i) : i + 1;
      boolean anyByte = c == '\\' && regex.startsWith("C", i + 1);
      out.append(anyByte ? replacement : regex.substring(i, end));
      i = end;
    }
    return out.toString();
  }

  /** The first of candidates the regexp neither contains nor names in an escape, or -1. */
  static int firstRuneNotNamed(String regex, int[] candidates) {
    Set<Integer> named = new HashSet<>();
    int i = 0;
    while (i < regex.length()) {
      if (regex.charAt(i) == '\\') {
        int end = endOfEscape(regex, i);
        named.add(highestRuneOfEscape(regex.substring(i, end)));
        regex.substring(i, end).codePoints().forEach(named::add);
        i = end;
      } else {
        int rune = regex.codePointAt(i);
        named.add(rune);
        i += Character.charCount(rune);
      }
    }
    for (int candidate : candidates) {
      if (!named.contains(candidate)) {
        return candidate;
      }
    }
    return -1;
  }

  /**
   * Why Breakwater refuses regex although RE2 might take it, or empty. A Unicode class
   * ({@code \pL}, {@code \p{Greek}}) and case-insensitive matching of non-ASCII runes
   * ({@code (?i)[\x{100}-\x{7FF}]}) are compiled by Envoy's RE2 from its own, newer Unicode
   * tables: sized from re2j's tables they come out too small ({@code \p{Arabic}}: 49
   * instructions from re2j's table, 103 in Envoy). re2j's parser also never returns from
   * case-folding U+1C80-U+1C88, so these are refused before anything parses them.
   */
  static Optional<String> unsupported(String regex) {
    boolean caseInsensitive = false;
    int highestRune = 0;
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        int end = endOfEscape(regex, i);
        String escape = regex.substring(i, end);
        if (escape.startsWith("\\p") || escape.startsWith("\\P")) {
          return Optional.of("uses the Unicode class " + escape + ", which Envoy's RE2 compiles"
              + " from its own Unicode tables into up to thousands of instructions (\\pL: 1201);"
              + " list the characters or ranges instead");
        }
        highestRune = Math.max(highestRune, highestRuneOfEscape(escape));
        i = end;
        continue;
      }
      if (c == '(' && regex.startsWith("?", i + 1)) {
        int flag = i + 2;
        while (flag < regex.length() && "imsU-".indexOf(regex.charAt(flag)) >= 0) {
          caseInsensitive |= regex.charAt(flag) == 'i';
          flag++;
        }
      }
      int rune = regex.codePointAt(i);
      highestRune = Math.max(highestRune, rune);
      i += Character.charCount(rune);
    }
    if (caseInsensitive && highestRune >= 0x80) {
      return Optional.of("combines case-insensitive matching (?i) with non-ASCII characters"
          + " (up to U+" + String.format("%04X", highestRune) + "), which Envoy's RE2 folds with"
          + " its own Unicode tables; spell the cases out instead, e.g. [éÉ]");
    }
    return Optional.empty();
  }

  /** The largest rune an escape names: \x{10FFFF}, \xFF, octal \377, quoted \Q..\E text. */
  private static int highestRuneOfEscape(String escape) {
    if (escape.startsWith("\\Q")) {
      return escape.codePoints().max().orElse(0);
    }
    String digits = null;
    int radix = 16;
    if (escape.startsWith("\\x{")) {
      digits = escape.substring(3, Math.max(3, escape.length() - 1));
    } else if (escape.startsWith("\\x")) {
      digits = escape.substring(2);
    } else if (escape.length() > 1 && escape.charAt(1) >= '0' && escape.charAt(1) <= '7') {
      digits = escape.substring(1);
      radix = 8;
    }
    if (digits == null || digits.isEmpty() || digits.length() > 8) {
      return escape.codePoints().max().orElse(0);
    }
    try {
      return (int) Math.min(Long.parseLong(digits, radix), 0x10FFFF);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * How many alternatives are a lone {@code \C}. re2j (parsing a stand-in rune) merges them with
   * neighbouring one-character alternatives into a class, which can swallow the {@code \C}
   * ({@code \C|[^a]}) or join neighbours RE2 keeps apart ({@code a|\C|b}): RE2 may need up to two
   * instructions more per such {@code \C} than the model of re2j's tree.
   */
  static int anyByteAlternatives(String regex) {
    return alternatives(regex, branches -> branches.size() < 2 ? 0
        : (int) branches.stream().filter("\\C"::equals).count());
  }

  /**
   * How many one-character alternatives repeat the one just before them ({@code a|a|c},
   * {@code \d|\d}). RE2 factors such a pair into {@code a(?:|)}, up to one instruction more than
   * the class re2j merges the pair into before the model sees it. (Longer duplicates,
   * {@code v1|v1}, survive in re2j's tree and are modelled there.)
   */
  static int adjacentDuplicateAlternatives(String regex) {
    return alternatives(regex, Re2PatternText::equalSingleCharacterNeighbours);
  }

  /** Sums count over the alternatives of every group and of the whole regexp. */
  private static int alternatives(String regex, ToIntFunction<List<String>> count) {
    List<List<String>> branches = new ArrayList<>();
    List<Integer> branchStart = new ArrayList<>();
    branches.add(new ArrayList<>());
    branchStart.add(0);
    int total = 0;
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      int depth = branches.size() - 1;
      if (c == '\\') {
        i = endOfEscape(regex, i);
      } else if (c == '[') {
        i = endOfClass(regex, i);
      } else if (c == '(') {
        int body = groupBody(regex, i);
        if (body < 0) {
          i = regex.indexOf(')', i) + 1; // a flags-only group like (?i)
          continue;
        }
        branches.add(new ArrayList<>());
        branchStart.add(body);
        i = body;
      } else if (c == '|' || (c == ')' && depth > 0)) {
        branches.get(depth).add(regex.substring(branchStart.get(depth), i));
        branchStart.set(depth, i + 1);
        if (c == ')') {
          total += count.applyAsInt(branches.remove(depth));
          branchStart.remove(depth);
        }
        i++;
      } else {
        i++;
      }
    }
    for (int depth = branches.size() - 1; depth >= 0; depth--) {
      branches.get(depth).add(regex.substring(Math.min(branchStart.get(depth), regex.length())));
      total += count.applyAsInt(branches.get(depth));
    }
    return total;
  }

  /** Where the alternatives of the group opened at i begin; -1 for a flags-only (?i). */
  private static int groupBody(String regex, int open) {
    if (!regex.startsWith("?", open + 1)) {
      return open + 1;
    }
    if (regex.startsWith("?P<", open + 1) || regex.startsWith("?<", open + 1)) {
      int gt = regex.indexOf('>', open);
      return gt < 0 ? regex.length() : gt + 1;
    }
    int close = regex.indexOf(')', open);
    int colon = regex.indexOf(':', open);
    if (close >= 0 && (colon < 0 || close < colon)) {
      return -1;
    }
    return colon < 0 ? regex.length() : colon + 1;
  }

  private static int equalSingleCharacterNeighbours(List<String> branches) {
    int equal = 0;
    for (int i = 1; i < branches.size(); i++) {
      String branch = branches.get(i);
      if (branch.equals(branches.get(i - 1)) && isSingleCharacter(branch)) {
        equal++;
      }
    }
    return equal;
  }

  private static boolean isSingleCharacter(String branch) {
    if (branch.isEmpty()) {
      return false;
    }
    int end = switch (branch.charAt(0)) {
      case '\\' -> endOfEscape(branch, 0);
      case '[' -> endOfClass(branch, 0);
      case '(', ')', '|', '*', '+', '?', '{', '^', '$' -> -1;
      default -> branch.offsetByCodePoints(0, 1);
    };
    return end == branch.length();
  }

  /** Index after the escape at i: \x{..}, \p{..}, \Q..\E, octal \377, \xFF, or two chars. */
  static int endOfEscape(String regex, int i) {
    if (i + 1 >= regex.length()) {
      return regex.length();
    }
    char kind = regex.charAt(i + 1);
    if (kind == 'Q') {
      int end = regex.indexOf("\\E", i + 2);
      return end < 0 ? regex.length() : end + 2;
    }
    if ((kind == 'x' || kind == 'p' || kind == 'P') && regex.startsWith("{", i + 2)) {
      int end = regex.indexOf('}', i + 2);
      return end < 0 ? regex.length() : end + 1;
    }
    if (kind == 'x') {
      return Math.min(i + 4, regex.length());
    }
    if (kind >= '0' && kind <= '7') {
      int end = i + 2;
      while (end < regex.length() && end < i + 4 && regex.charAt(end) >= '0'
          && regex.charAt(end) <= '7') {
        end++;
      }
      return end;
    }
    return i + 1 + Character.charCount(regex.codePointAt(i + 1));
  }

  /** Index after the class starting at i ({@code []a]}, {@code [^]a]}, {@code [[:alpha:]]}). */
  static int endOfClass(String regex, int i) {
    int j = i + 1;
    if (j < regex.length() && regex.charAt(j) == '^') {
      j++;
    }
    if (j < regex.length() && regex.charAt(j) == ']') {
      j++;
    }
    while (j < regex.length() && regex.charAt(j) != ']') {
      if (regex.charAt(j) == '\\') {
        j = endOfEscape(regex, j);
      } else if (regex.startsWith("[:", j) && regex.indexOf(":]", j + 2) > 0) {
        j = regex.indexOf(":]", j + 2) + 2;
      } else {
        j++;
      }
    }
    return Math.min(j + 1, regex.length());
  }
}
