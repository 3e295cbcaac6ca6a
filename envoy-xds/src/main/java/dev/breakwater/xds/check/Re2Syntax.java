package dev.breakwater.xds.check;

import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses a regexp with re2j (RE2's syntax, Go's parser) and returns the tree C++ RE2's parser
 * would build, which differs in a few places (see {@link Re2Node}). {@code \C} (any byte), which
 * re2j lacks, is parsed as a stand-in rune and turned back. Also refuses, as RE2 does, nested
 * counted repetitions multiplying beyond 1000, which re2j takes.
 */
final class Re2Syntax {
  /** Noncharacters (four UTF-8 bytes) that stand in for {@code \C} while re2j parses. */
  private static final int[] STAND_INS = {0x10FFFF, 0x10FFFE, 0xFFFFF, 0xFFFFE, 0xEFFFF};

  /** RE2 refuses nested counted repetitions multiplying beyond this ({@code (a{100}){20}}). */
  private static final int MAX_REPEAT = 1000;

  private final int standIn;

  private Re2Syntax(int standIn) {
    this.standIn = standIn;
  }

  /** The tree RE2 parses {@code regex} into; throws re2j's exception for what RE2 refuses. */
  static Re2Node parse(String regex) {
    int standIn = Re2PatternText.firstRuneNotNamed(regex, STAND_INS);
    // With every stand-in named by the regexp itself, \C is sized as a 4-byte rune (never less).
    String escape = String.format("\\x{%X}", standIn < 0 ? STAND_INS[0] : standIn);
    Object re2jTree;
    try {
      re2jTree = Re2jInternals.parse(Re2PatternText.replaceAnyByteEscapes(regex, escape));
    } catch (PatternSyntaxException e) {
      throw new PatternSyntaxException(e.getDescription(), e.getPattern().replace(escape, "\\C"));
    }
    Re2Node tree = new Re2Syntax(standIn).convert(re2jTree);
    checkRepetitionSizes(tree);
    return tree;
  }

  /**
   * RE2 refuses nested counted repetitions whose counts multiply beyond 1000 (re2j takes them):
   * below each x{n,m} with n or m at least 2, 1000 is divided by every count on the way down
   * (m, or n when unbounded) and must not reach 0.
   */
  private static void checkRepetitionSizes(Re2Node re) {
    if (re.op() == Re2Node.Op.REPEAT && (re.min() >= 2 || re.max() >= 2)
        && repetitionBudget(re, MAX_REPEAT) == 0) {
      String count = re.max() == re.min() ? "{" + re.min() + "}"
          : "{" + re.min() + "," + (re.max() < 0 ? "" : re.max()) + "}";
      throw new PatternSyntaxException("invalid repetition size", count);
    }
    for (Re2Node sub : re.subs()) {
      checkRepetitionSizes(sub);
    }
  }

  private static int repetitionBudget(Re2Node re, int budget) {
    if (re.op() == Re2Node.Op.REPEAT) {
      int count = re.max() < 0 ? re.min() : re.max();
      if (count > 0) {
        budget /= count;
      }
    }
    int least = budget;
    for (Re2Node sub : re.subs()) {
      least = Math.min(least, repetitionBudget(sub, budget));
    }
    return least;
  }

  private Re2Node convert(Object re) {
    int flags = Re2jInternals.flags(re);
    String op = Re2jInternals.op(re);
    switch (op) {
      case "LITERAL" -> {
        List<Re2Node> pieces = literalPieces(Re2jInternals.runes(re), flags);
        return pieces.size() == 1 ? pieces.get(0) : Re2Node.of(Re2Node.Op.CONCAT, pieces, flags);
      }
      case "CHAR_CLASS" -> {
        int[] ranges = Re2jInternals.runes(re);
        for (int i = 0; i < ranges.length; i += 2) {
          if (ranges[i] == standIn && ranges[i + 1] == standIn) {
            // re2j merged a|\C into a class; RE2 keeps \C an alternative of its own.
            int[] rest = new int[ranges.length - 2];
            System.arraycopy(ranges, 0, rest, 0, i);
            System.arraycopy(ranges, i + 2, rest, i, ranges.length - i - 2);
            Re2Node anyByte = Re2Node.leaf(Re2Node.Op.ANY_BYTE, flags);
            return rest.length == 0 ? anyByte : Re2Node.of(Re2Node.Op.ALTERNATE,
                List.of(Re2Node.charClass(rest, flags), anyByte), flags);
          }
        }
        if (ranges.length == 4 && ranges[0] == ranges[1] && ranges[2] == ranges[3]
            && isAsciiLetterPair(new int[] {ranges[0], ranges[2]})) {
          // RE2 parses [Kk] and [Ss] as a case-folded letter (re2j keeps a class: k and s
          // have a third case, U+212A and U+017F).
          return Re2Node.literal(new int[] {ranges[2]}, flags | Re2Node.FOLD_CASE);
        }
        return Re2Node.charClass(ranges.clone(), flags);
      }
      case "ANY_CHAR_NOT_NL" -> {
        // RE2 parses '.' as [^\n].
        return Re2Node.charClass(new int[] {0, '\n' - 1, '\n' + 1, 0x10FFFF},
            flags & ~Re2Node.FOLD_CASE);
      }
      case "CONCAT" -> {
        List<Re2Node> subs = new ArrayList<>();
        for (Object sub : Re2jInternals.subs(re)) {
          Re2Node node = convert(sub);
          boolean splitLiteral = node.op() == Re2Node.Op.CONCAT
              && "LITERAL".equals(Re2jInternals.op(sub));
          if (splitLiteral) {
            subs.addAll(node.subs());
          } else {
            subs.add(node);
          }
        }
        int last = subs.size() - 1;
        if (last > 0 && subs.get(last).op() == Re2Node.Op.EMPTY_MATCH) {
          // re2j factors ab|ab into ab(?:) where RE2 keeps ab(?:|): an alternation of empties
          // (it costs RE2 one more instruction when the next instruction is shared).
          Re2Node empty = subs.get(last);
          subs.set(last, Re2Node.of(Re2Node.Op.ALTERNATE, List.of(empty, empty), flags));
        }
        return Re2Node.of(Re2Node.Op.CONCAT, subs, flags);
      }
      case "ALTERNATE", "CAPTURE", "STAR", "PLUS", "QUEST", "REPEAT" -> {
        List<Re2Node> subs = new ArrayList<>();
        for (Object sub : Re2jInternals.subs(re)) {
          subs.add(convert(sub));
        }
        boolean repeat = op.equals("STAR") || op.equals("PLUS") || op.equals("QUEST");
        if (repeat && isRepeat(subs.get(0)) && subs.get(0).flags() == flags) {
          // RE2's parser squashes a repeat of a repeat: (?:a?)* is a*, (?:a+)+ is a+.
          Re2Node sub = subs.get(0);
          return sub.op().name().equals(op) || sub.op() == Re2Node.Op.STAR ? sub
              : Re2Node.of(Re2Node.Op.STAR, sub.subs(), flags);
        }
        return new Re2Node(Re2Node.Op.valueOf(op), List.copyOf(subs), new int[0], flags,
            Re2jInternals.min(re), Re2jInternals.max(re), Re2jInternals.cap(re));
      }
      default -> {
        return Re2Node.leaf(Re2Node.Op.valueOf(op), flags);
      }
    }
  }

  private static boolean isRepeat(Re2Node node) {
    return node.op() == Re2Node.Op.STAR || node.op() == Re2Node.Op.PLUS
        || node.op() == Re2Node.Op.QUEST;
  }

  /**
   * A literal string as RE2 parses it: runs of plain runes; a case-folded rune whose only other
   * case is an ASCII letter stays in the run (one folding byte range), any other case-folded rune
   * becomes a class of all its cases (re2j keeps it as one folding rune); the {@code \C}
   * stand-in becomes "any byte".
   */
  private List<Re2Node> literalPieces(int[] runes, int flags) {
    List<Re2Node> pieces = new ArrayList<>();
    int[] run = new int[runes.length];
    int length = 0;
    boolean fold = (flags & Re2Node.FOLD_CASE) != 0;
    for (int r : runes) {
      int[] cases = fold ? Re2jInternals.caseOrbit(r) : new int[] {r};
      Re2Node piece = null;
      if (r == standIn) {
        piece = Re2Node.leaf(Re2Node.Op.ANY_BYTE, flags);
      } else if (cases.length > 2 || (cases.length == 2 && !isAsciiLetterPair(cases))) {
        piece = Re2Node.charClass(ranges(cases), flags & ~Re2Node.FOLD_CASE);
      }
      if (piece == null) {
        run[length++] = cases.length == 2 ? Math.max(cases[0], cases[1]) : r;
        continue;
      }
      if (length > 0) {
        pieces.add(Re2Node.literal(Arrays.copyOf(run, length), flags));
        length = 0;
      }
      pieces.add(piece);
    }
    if (length > 0) {
      pieces.add(Re2Node.literal(Arrays.copyOf(run, length), flags));
    }
    return pieces;
  }

  private static boolean isAsciiLetterPair(int[] cases) {
    int lower = Math.max(cases[0], cases[1]);
    int upper = Math.min(cases[0], cases[1]);
    return upper >= 'A' && upper <= 'Z' && lower == upper + ('a' - 'A');
  }

  private static int[] ranges(int[] runes) {
    int[] sorted = runes.clone();
    Arrays.sort(sorted);
    int[] pairs = new int[sorted.length * 2];
    int n = 0;
    for (int r : sorted) {
      if (n > 0 && pairs[n - 1] + 1 >= r) {
        pairs[n - 1] = Math.max(pairs[n - 1], r);
      } else {
        pairs[n++] = r;
        pairs[n++] = r;
      }
    }
    return Arrays.copyOf(pairs, n);
  }


}
