package dev.breakwater.xds.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rewrites C++ RE2 applies between parsing and compiling: it drops a required literal
 * prefix ({@code ^/api...} compiles only what follows {@code ^/api}, unanchored), expands counted
 * repetitions, and removes a leading {@code ^} and a trailing {@code $} (recording them as
 * anchors instead of instructions), after merging runs of one repeated piece ({@code a*a+} is
 * {@code a{1,}}).
 */
final class Re2Rewrites {
  private static final int ANCHOR_DEPTH = 4;

  private Re2Rewrites() {}

  /** The part of the regexp RE2 compiles into its program, when the regexp is ^literal... */
  static Re2Node withoutRequiredPrefix(Re2Node re) {
    if (re.op() != Re2Node.Op.CONCAT) {
      return re;
    }
    List<Re2Node> subs = re.subs();
    int i = 0;
    while (i < subs.size() && subs.get(i).op() == Re2Node.Op.BEGIN_TEXT) {
      i++;
    }
    if (i == 0 || i >= subs.size() || subs.get(i).op() != Re2Node.Op.LITERAL) {
      return re;
    }
    List<Re2Node> rest = subs.subList(i + 1, subs.size());
    if (rest.isEmpty()) {
      return Re2Node.leaf(Re2Node.Op.EMPTY_MATCH, re.flags());
    }
    return rest.size() == 1 ? rest.get(0) : Re2Node.of(Re2Node.Op.CONCAT, rest, re.flags());
  }

  /**
   * Neighbours in a concatenation that repeat the same literal rune, class or any-char merge
   * into one counted repetition: {@code [^/]*[^/]+} is {@code [^/]{1,}}, {@code a*ab} is
   * {@code a{1,}b}.
   */
  static Re2Node coalesce(Re2Node re) {
    if (re.subs().isEmpty()) {
      return re;
    }
    List<Re2Node> subs = new ArrayList<>();
    for (Re2Node sub : re.subs()) {
      subs.add(coalesce(sub));
    }
    if (re.op() != Re2Node.Op.CONCAT) {
      return re.withSubs(subs);
    }
    boolean merged = false;
    for (int i = 0; i + 1 < subs.size(); i++) {
      if (canCoalesce(subs.get(i), subs.get(i + 1))) {
        coalescePair(subs, i);
        merged = true;
      }
    }
    if (merged) {
      subs.removeIf(sub -> sub.op() == Re2Node.Op.EMPTY_MATCH);
    }
    return re.withSubs(subs);
  }

  private static boolean isRepeat(Re2Node re) {
    return re.op() == Re2Node.Op.STAR || re.op() == Re2Node.Op.PLUS
        || re.op() == Re2Node.Op.QUEST || re.op() == Re2Node.Op.REPEAT;
  }

  private static boolean isSingle(Re2Node re) {
    return (re.op() == Re2Node.Op.LITERAL && re.runes().length == 1)
        || re.op() == Re2Node.Op.CHAR_CLASS || re.op() == Re2Node.Op.ANY_CHAR
        || re.op() == Re2Node.Op.ANY_BYTE;
  }

  private static boolean canCoalesce(Re2Node r1, Re2Node r2) {
    if (!isRepeat(r1) || !isSingle(r1.sub())) {
      return false;
    }
    Re2Node x = r1.sub();
    if (isRepeat(r2) && same(x, r2.sub()) && r1.nonGreedy() == r2.nonGreedy()) {
      return true;
    }
    if (same(x, r2)) {
      return true;
    }
    return x.op() == Re2Node.Op.LITERAL && r2.op() == Re2Node.Op.LITERAL
        && r2.runes().length > 1 && r2.runes()[0] == x.runes()[0]
        && x.foldCase() == r2.foldCase();
  }

  private static boolean same(Re2Node a, Re2Node b) {
    if (a.op() != b.op()) {
      return false;
    }
    return switch (a.op()) {
      case LITERAL -> Arrays.equals(a.runes(), b.runes()) && a.foldCase() == b.foldCase();
      case CHAR_CLASS -> Arrays.equals(a.runes(), b.runes());
      case ANY_CHAR, ANY_BYTE -> true;
      default -> false;
    };
  }

  /** Replaces subs i, i+1 by nothing and one repetition (or a repetition and a shorter string). */
  private static void coalescePair(List<Re2Node> subs, int i) {
    Re2Node r1 = subs.get(i);
    Re2Node r2 = subs.get(i + 1);
    Re2Node x = r1.sub();
    int min = switch (r1.op()) {
      case PLUS -> 1;
      case REPEAT -> r1.min();
      default -> 0;
    };
    int max = switch (r1.op()) {
      case QUEST -> 1;
      case REPEAT -> r1.max();
      default -> -1;
    };
    switch (r2.op()) {
      case STAR -> max = -1;
      case PLUS -> {
        min++;
        max = -1;
      }
      case QUEST -> max = max == -1 ? -1 : max + 1;
      case REPEAT -> {
        min += r2.min();
        max = r2.max() == -1 || max == -1 ? -1 : max + r2.max();
      }
      case LITERAL -> {
        int n = 1;
        while (n < r2.runes().length && r2.runes()[n] == x.runes()[0]) {
          n++;
        }
        min += n;
        max = max == -1 ? -1 : max + n;
        if (n < r2.runes().length) {
          subs.set(i, repeatNode(x, min, max, r1.flags()));
          subs.set(i + 1, Re2Node.literal(
              Arrays.copyOfRange(r2.runes(), n, r2.runes().length), r2.flags()));
          return;
        }
      }
      default -> {
        min++;
        max = max == -1 ? -1 : max + 1;
      }
    }
    subs.set(i, Re2Node.leaf(Re2Node.Op.EMPTY_MATCH, 0));
    subs.set(i + 1, repeatNode(x, min, max, r1.flags()));
  }

  private static Re2Node repeatNode(Re2Node x, int min, int max, int flags) {
    return new Re2Node(Re2Node.Op.REPEAT, List.of(x), new int[0], flags, min, max, 0);
  }

  /** Counted repetitions expanded, x** squashed, empty and full classes replaced. */
  static Re2Node simplify(Re2Node re) {
    switch (re.op()) {
      case CONCAT, ALTERNATE, CAPTURE -> {
        List<Re2Node> subs = new ArrayList<>();
        for (Re2Node sub : re.subs()) {
          subs.add(simplify(sub));
        }
        return re.withSubs(subs);
      }
      case STAR, PLUS, QUEST -> {
        Re2Node sub = simplify(re.sub());
        if (sub.op() == Re2Node.Op.EMPTY_MATCH
            || (sub.op() == re.op() && sub.flags() == re.flags())) {
          return sub;
        }
        return Re2Node.of(re.op(), List.of(sub), re.flags());
      }
      case REPEAT -> {
        Re2Node sub = simplify(re.sub());
        if (sub.op() == Re2Node.Op.EMPTY_MATCH) {
          return sub;
        }
        int min = re.min();
        int max = re.max();
        if (isEmptyWidth(sub)) {
          // Repeating an assertion changes nothing: RE2 caps x{n,m} at x{1,1}.
          min = Math.min(min, 1);
          max = Math.min(max, 1);
        }
        return repeat(sub, min, max, re.flags());
      }
      case CHAR_CLASS -> {
        if (re.runes().length == 0) {
          return Re2Node.leaf(Re2Node.Op.NO_MATCH, re.flags());
        }
        if (re.runes().length == 2 && re.runes()[0] == 0 && re.runes()[1] == 0x10FFFF) {
          return Re2Node.leaf(Re2Node.Op.ANY_CHAR, re.flags());
        }
        return re;
      }
      default -> {
        return re;
      }
    }
  }

  private static boolean isEmptyWidth(Re2Node re) {
    return switch (re.op()) {
      case BEGIN_LINE, END_LINE, BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY -> true;
      case CONCAT, ALTERNATE -> re.subs().stream().allMatch(Re2Rewrites::isEmptyWidth);
      default -> false;
    };
  }

  /** x{n,m} as RE2 spells it: n copies of x, then (x(x(x)?)?)? nested, or x+ for x{n,}. */
  private static Re2Node repeat(Re2Node x, int min, int max, int flags) {
    if (max == -1) {
      if (min == 0) {
        return unary(Re2Node.Op.STAR, x, flags);
      }
      if (min == 1) {
        return unary(Re2Node.Op.PLUS, x, flags);
      }
      List<Re2Node> subs = new ArrayList<>();
      for (int i = 0; i < min - 1; i++) {
        subs.add(x);
      }
      subs.add(unary(Re2Node.Op.PLUS, x, flags));
      return Re2Node.of(Re2Node.Op.CONCAT, subs, flags);
    }
    if (min == 0 && max == 0) {
      return Re2Node.leaf(Re2Node.Op.EMPTY_MATCH, flags);
    }
    if (min == 1 && max == 1) {
      return x;
    }
    Re2Node prefix = null;
    if (min > 0) {
      List<Re2Node> subs = new ArrayList<>();
      for (int i = 0; i < min; i++) {
        subs.add(x);
      }
      prefix = Re2Node.of(Re2Node.Op.CONCAT, subs, flags);
    }
    if (max > min) {
      Re2Node suffix = unary(Re2Node.Op.QUEST, x, flags);
      for (int i = min + 1; i < max; i++) {
        suffix = unary(Re2Node.Op.QUEST, Re2Node.of(Re2Node.Op.CONCAT, List.of(x, suffix), flags),
            flags);
      }
      prefix = prefix == null ? suffix
          : Re2Node.of(Re2Node.Op.CONCAT, List.of(prefix, suffix), flags);
    }
    return prefix == null ? Re2Node.leaf(Re2Node.Op.NO_MATCH, flags) : prefix;
  }

  /** RE2's star/plus/quest constructor: a repeat of a repeat with equal flags collapses. */
  private static Re2Node unary(Re2Node.Op op, Re2Node sub, int flags) {
    boolean repeated = sub.op() == Re2Node.Op.STAR || sub.op() == Re2Node.Op.PLUS
        || sub.op() == Re2Node.Op.QUEST;
    if (repeated && sub.flags() == flags) {
      return sub.op() == op || sub.op() == Re2Node.Op.STAR ? sub
          : Re2Node.of(Re2Node.Op.STAR, List.of(sub.sub()), flags);
    }
    return Re2Node.of(op, List.of(sub), flags);
  }

  /** The regexp with its leading ^ replaced by nothing, or null when it has none. */
  static Re2Node withoutStartAnchor(Re2Node re) {
    return withoutAnchor(re, Re2Node.Op.BEGIN_TEXT, true, 0);
  }

  /** The regexp with its trailing $ replaced by nothing, or null when it has none. */
  static Re2Node withoutEndAnchor(Re2Node re) {
    return withoutAnchor(re, Re2Node.Op.END_TEXT, false, 0);
  }

  private static Re2Node withoutAnchor(Re2Node re, Re2Node.Op anchor, boolean first, int depth) {
    if (depth >= ANCHOR_DEPTH) {
      return null;
    }
    if (re.op() == anchor) {
      return Re2Node.literal(new int[0], re.flags());
    }
    if (re.op() == Re2Node.Op.CAPTURE) {
      Re2Node sub = withoutAnchor(re.sub(), anchor, first, depth + 1);
      return sub == null ? null : re.withSubs(List.of(sub));
    }
    if (re.op() == Re2Node.Op.CONCAT && !re.subs().isEmpty()) {
      int at = first ? 0 : re.subs().size() - 1;
      Re2Node sub = withoutAnchor(re.subs().get(at), anchor, first, depth + 1);
      if (sub == null) {
        return null;
      }
      List<Re2Node> subs = new ArrayList<>(re.subs());
      subs.set(at, sub);
      return re.withSubs(subs);
    }
    return null;
  }
}
