package dev.breakwater.xds.check;

import java.util.Arrays;

/**
 * The instruction graph C++ RE2's compiler builds for a regexp, before RE2 rewrites it: byte
 * ranges (UTF-8 bytes, not runes), alternations, captures, empty-width assertions, no-ops and
 * the final match. Instruction 0 is always the fail instruction; an {@code out} of 0 is a hole
 * still to be patched. {@link Re2FlatSize} counts what RE2 reports as the program size.
 */
final class Re2Program {
  static final int FAIL = 0;
  static final int ALT = 1;
  static final int ALT_MATCH = 2;
  static final int BYTE_RANGE = 3;
  static final int CAPTURE = 4;
  static final int EMPTY_WIDTH = 5;
  static final int MATCH = 6;
  static final int NOP = 7;

  /** Far above any limit Envoy is given; RE2 itself gives up near 350,000 (8 MiB budget). */
  static final int MAX_INSTRUCTIONS = 200_000;

  /** The regexp expands to more instructions than worth modelling. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("more than " + MAX_INSTRUCTIONS + " RE2 instructions", null, false, false);
    }
  }

  private int[] opcode = new int[64];
  private int[] out = new int[64];
  private int[] out1 = new int[64];
  private int[] lo = new int[64];
  private int[] hi = new int[64];
  private boolean[] foldCase = new boolean[64];
  private int size;
  private int start;
  private int startUnanchored;

  Re2Program() {
    allocate(FAIL);
  }

  int allocate(int op) {
    if (size >= MAX_INSTRUCTIONS) {
      throw new TooLarge();
    }
    if (size == opcode.length) {
      int capacity = size * 2;
      opcode = Arrays.copyOf(opcode, capacity);
      out = Arrays.copyOf(out, capacity);
      out1 = Arrays.copyOf(out1, capacity);
      lo = Arrays.copyOf(lo, capacity);
      hi = Arrays.copyOf(hi, capacity);
      foldCase = Arrays.copyOf(foldCase, capacity);
    }
    int id = size++;
    opcode[id] = op;
    out[id] = 0;
    out1[id] = 0;
    lo[id] = 0;
    hi[id] = 0;
    foldCase[id] = false;
    return id;
  }

  int byteRange(int low, int high, boolean fold, int next) {
    int id = allocate(BYTE_RANGE);
    lo[id] = low;
    hi[id] = high;
    foldCase[id] = fold;
    out[id] = next;
    return id;
  }

  /**
   * Gives back an instruction RE2 frees when it merges a byte sequence into one it already has;
   * RE2 only ever frees the most recently allocated one (anything else stays, unreachable).
   */
  void freeIfLast(int id) {
    if (id == size - 1) {
      size--;
    }
  }

  /** RE2 keeps only the fail instruction when nothing can match. */
  void truncateToFail() {
    size = 1;
  }

  int size() {
    return size;
  }

  int opcode(int id) {
    return opcode[id];
  }

  void setOpcode(int id, int op) {
    opcode[id] = op;
  }

  int out(int id) {
    return out[id];
  }

  void setOut(int id, int target) {
    out[id] = target;
  }

  int out1(int id) {
    return out1[id];
  }

  void setOut1(int id, int target) {
    out1[id] = target;
  }

  int lo(int id) {
    return lo[id];
  }

  int hi(int id) {
    return hi[id];
  }

  boolean foldCase(int id) {
    return foldCase[id];
  }

  int start() {
    return start;
  }

  int startUnanchored() {
    return startUnanchored;
  }

  void setStarts(int anchored, int unanchored) {
    start = anchored;
    startUnanchored = unanchored;
  }

  /** Points a hole ({@code id << 1}, or {@code id << 1 | 1} for the second branch) at target. */
  void patch(int hole, int target) {
    if ((hole & 1) == 0) {
      out[hole >> 1] = target;
    } else {
      out1[hole >> 1] = target;
    }
  }
}
