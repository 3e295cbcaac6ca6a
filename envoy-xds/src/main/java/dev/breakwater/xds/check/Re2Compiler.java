package dev.breakwater.xds.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the program C++ RE2 (the version in Envoy 1.36) builds for a regexp, instruction for
 * instruction and in the same order: Thompson fragments over UTF-8 byte ranges, a {@code .*?}
 * loop in front unless the regexp starts with {@code ^}, and the match at the end. Character
 * classes go through {@link Re2ByteRanges}.
 */
final class Re2Compiler {
  /** A compiled piece: its entry, its dangling exits (holes), whether it matches "". */
  record Frag(int begin, int[] holes, boolean nullable) {
    static final Frag NO_MATCH = new Frag(0, new int[0], false);

    boolean isNoMatch() {
      return begin == 0;
    }
  }

  private final Re2Program prog = new Re2Program();
  private final Re2ByteRanges byteRanges = new Re2ByteRanges(prog);

  private Re2Compiler() {}

  /** The program RE2 compiles from a parsed regexp (after dropping a required prefix). */
  static Re2Program compile(Re2Node parsed) {
    Re2Compiler c = new Re2Compiler();
    Re2Node re = Re2Rewrites.simplify(Re2Rewrites.coalesce(parsed));
    Re2Node unanchored = Re2Rewrites.withoutStartAnchor(re);
    boolean anchorStart = unanchored != null;
    re = anchorStart ? unanchored : re;
    Re2Node unanchoredEnd = Re2Rewrites.withoutEndAnchor(re);
    re = unanchoredEnd != null ? unanchoredEnd : re;

    Frag all = c.cat(c.walk(re), c.match());
    int start = all.begin();
    if (!anchorStart) {
      all = c.cat(c.dotStar(), all);
    }
    c.prog.setStarts(start, all.begin());
    if (start == 0 && all.begin() == 0) {
      c.prog.truncateToFail();
    }
    return c.prog;
  }

  private Frag walk(Re2Node re) {
    List<Frag> children = new ArrayList<>();
    for (Re2Node sub : re.subs()) {
      children.add(walk(sub));
    }
    switch (re.op()) {
      case NO_MATCH -> {
        return Frag.NO_MATCH;
      }
      case EMPTY_MATCH -> {
        return nop();
      }
      case CONCAT -> {
        if (children.isEmpty()) {
          return nop();
        }
        Frag f = children.get(0);
        for (int i = 1; i < children.size(); i++) {
          f = cat(f, children.get(i));
        }
        return f;
      }
      case ALTERNATE -> {
        Frag f = children.get(0);
        for (int i = 1; i < children.size(); i++) {
          f = alt(f, children.get(i));
        }
        return f;
      }
      case STAR -> {
        return star(children.get(0), re.nonGreedy());
      }
      case PLUS -> {
        return plus(children.get(0), re.nonGreedy());
      }
      case QUEST -> {
        return quest(children.get(0), re.nonGreedy());
      }
      case LITERAL -> {
        if (re.runes().length == 0) {
          return nop();
        }
        Frag f = null;
        for (int r : re.runes()) {
          Frag rune = literal(r, re.foldCase());
          f = f == null ? rune : cat(f, rune);
        }
        return f;
      }
      case ANY_CHAR -> {
        return byteRanges.anyChar();
      }
      case ANY_BYTE -> {
        return byteRange(0x00, 0xFF, false);
      }
      case CHAR_CLASS -> {
        return byteRanges.charClass(re.runes());
      }
      case CAPTURE -> {
        return capture(children.get(0));
      }
      case BEGIN_LINE, END_LINE, BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY -> {
        return emptyWidth();
      }
      default -> throw new IllegalStateException("RE2 never compiles " + re.op());
    }
  }

  private Frag literal(int rune, boolean foldCase) {
    if (rune < 0x80) {
      return byteRange(rune, rune, foldCase);
    }
    byte[] utf8 = Re2ByteRanges.utf8(rune);
    Frag f = byteRange(utf8[0] & 0xFF, utf8[0] & 0xFF, false);
    for (int i = 1; i < utf8.length; i++) {
      f = cat(f, byteRange(utf8[i] & 0xFF, utf8[i] & 0xFF, false));
    }
    return f;
  }

  private Frag byteRange(int lo, int hi, boolean foldCase) {
    int id = prog.byteRange(lo, hi, foldCase, 0);
    return new Frag(id, new int[] {id << 1}, false);
  }

  private Frag nop() {
    int id = prog.allocate(Re2Program.NOP);
    return new Frag(id, new int[] {id << 1}, true);
  }

  private Frag match() {
    return new Frag(prog.allocate(Re2Program.MATCH), new int[0], false);
  }

  private Frag emptyWidth() {
    int id = prog.allocate(Re2Program.EMPTY_WIDTH);
    return new Frag(id, new int[] {id << 1}, true);
  }

  private Frag capture(Frag a) {
    if (a.isNoMatch()) {
      return Frag.NO_MATCH;
    }
    int open = prog.allocate(Re2Program.CAPTURE);
    int close = prog.allocate(Re2Program.CAPTURE);
    prog.setOut(open, a.begin());
    patch(a.holes(), close);
    return new Frag(open, new int[] {close << 1}, a.nullable());
  }

  private Frag cat(Frag a, Frag b) {
    if (a.isNoMatch() || b.isNoMatch()) {
      return Frag.NO_MATCH;
    }
    boolean loneNop = prog.opcode(a.begin()) == Re2Program.NOP && a.holes().length > 0
        && a.holes()[0] == a.begin() << 1 && prog.out(a.begin()) == 0;
    patch(a.holes(), b.begin());
    if (loneNop) {
      return b;
    }
    return new Frag(a.begin(), b.holes(), a.nullable() && b.nullable());
  }

  private Frag alt(Frag a, Frag b) {
    if (a.isNoMatch()) {
      return b;
    }
    if (b.isNoMatch()) {
      return a;
    }
    int id = prog.allocate(Re2Program.ALT);
    prog.setOut(id, a.begin());
    prog.setOut1(id, b.begin());
    return new Frag(id, concat(a.holes(), b.holes()), a.nullable() || b.nullable());
  }

  /** The loop instruction of x*, x+: greedy tries x first (out), non-greedy last (out1). */
  private int loop(Frag a, boolean nonGreedy) {
    int id = prog.allocate(Re2Program.ALT);
    if (nonGreedy) {
      prog.setOut1(id, a.begin());
    } else {
      prog.setOut(id, a.begin());
    }
    patch(a.holes(), id);
    return id;
  }

  private static int[] loopExit(int id, boolean nonGreedy) {
    return new int[] {nonGreedy ? id << 1 : id << 1 | 1};
  }

  private Frag plus(Frag a, boolean nonGreedy) {
    if (a.isNoMatch()) {
      return Frag.NO_MATCH;
    }
    int id = loop(a, nonGreedy);
    return new Frag(a.begin(), loopExit(id, nonGreedy), a.nullable());
  }

  private Frag star(Frag a, boolean nonGreedy) {
    if (a.isNoMatch()) {
      return nop();
    }
    // RE2 compiles x* with a nullable x as (x+)? to keep match priorities right.
    if (a.nullable()) {
      return quest(plus(a, nonGreedy), nonGreedy);
    }
    int id = loop(a, nonGreedy);
    return new Frag(id, loopExit(id, nonGreedy), true);
  }

  private Frag quest(Frag a, boolean nonGreedy) {
    if (a.isNoMatch()) {
      return nop();
    }
    int id = prog.allocate(Re2Program.ALT);
    if (nonGreedy) {
      prog.setOut1(id, a.begin());
    } else {
      prog.setOut(id, a.begin());
    }
    return new Frag(id, concat(loopExit(id, nonGreedy), a.holes()), true);
  }

  /** The unanchored prefix: a non-greedy loop over any byte. */
  private Frag dotStar() {
    return star(byteRange(0x00, 0xFF, false), true);
  }

  private void patch(int[] holes, int target) {
    for (int hole : holes) {
      prog.patch(hole, target);
    }
  }

  static int[] concat(int[] a, int[] b) {
    int[] both = new int[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
