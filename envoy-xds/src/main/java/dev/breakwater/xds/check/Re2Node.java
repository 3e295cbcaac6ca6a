package dev.breakwater.xds.check;

import java.util.List;

/**
 * A parsed regexp in the shape C++ RE2's parser gives it (which differs from re2j's in a few
 * places: {@code .} is a class, case-folded letters with more than two cases are classes,
 * {@code \C} exists). {@code runes} is the string of a literal or the lo/hi pairs of a class;
 * {@code flags} are re2j's parse flags (RE2's have the same meaning where they matter here).
 */
record Re2Node(Op op, List<Re2Node> subs, int[] runes, int flags, int min, int max, int cap) {
  static final int FOLD_CASE = 1;
  static final int NON_GREEDY = 32;

  enum Op {
    NO_MATCH, EMPTY_MATCH, LITERAL, CHAR_CLASS, ANY_CHAR, ANY_BYTE, BEGIN_LINE, END_LINE,
    BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY, CAPTURE, STAR, PLUS, QUEST, REPEAT,
    CONCAT, ALTERNATE
  }

  static Re2Node leaf(Op op, int flags) {
    return new Re2Node(op, List.of(), new int[0], flags, 0, 0, 0);
  }

  static Re2Node literal(int[] runes, int flags) {
    return new Re2Node(Op.LITERAL, List.of(), runes, flags, 0, 0, 0);
  }

  static Re2Node charClass(int[] ranges, int flags) {
    return new Re2Node(Op.CHAR_CLASS, List.of(), ranges, flags, 0, 0, 0);
  }

  static Re2Node of(Op op, List<Re2Node> subs, int flags) {
    return new Re2Node(op, List.copyOf(subs), new int[0], flags, 0, 0, 0);
  }

  Re2Node withSubs(List<Re2Node> newSubs) {
    return new Re2Node(op, List.copyOf(newSubs), runes, flags, min, max, cap);
  }

  Re2Node sub() {
    return subs.get(0);
  }

  boolean nonGreedy() {
    return (flags & NON_GREEDY) != 0;
  }

  boolean foldCase() {
    return (flags & FOLD_CASE) != 0;
  }
}
