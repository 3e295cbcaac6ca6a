package dev.breakwater.xds.check;

import java.util.HashMap;
import java.util.Map;

/**
 * How C++ RE2 compiles a character class: each rune range is split into ranges of UTF-8 byte
 * sequences of one length and common leading bytes, and every sequence becomes a chain of byte
 * range instructions. Chains share their tails (a cache of continuation bytes per class), share
 * their heads with the previous chain when the leading byte ranges are equal (a trie), and
 * 80-10FFFF has a fixed six-instruction form. This is what makes {@code .} cost 8 instructions
 * and {@code \pL} over a thousand, where re2j counts one.
 */
final class Re2ByteRanges {
  private static final int RUNE_SELF = 0x80;
  private static final int MAX_RUNE = 0x10FFFF;

  private final Re2Program prog;
  private final Map<Long, Integer> suffixCache = new HashMap<>();
  private int rangeBegin;
  private int[] rangeHoles;

  Re2ByteRanges(Re2Program prog) {
    this.prog = prog;
  }

  Re2Compiler.Frag anyChar() {
    begin();
    addRuneRange(0, MAX_RUNE, false);
    return end();
  }

  /** A class given as sorted lo/hi pairs; RE2 drops A-Z and folds a-z when the class folds. */
  Re2Compiler.Frag charClass(int[] ranges) {
    boolean foldsAscii = foldsAscii(ranges);
    begin();
    for (int i = 0; i < ranges.length; i += 2) {
      int lo = ranges[i];
      int hi = ranges[i + 1];
      if (foldsAscii && 'A' <= lo && hi <= 'Z') {
        continue;
      }
      boolean fold = foldsAscii;
      if ((lo <= 'A' && 'z' <= hi) || hi < 'A' || 'z' < lo || ('Z' < lo && hi < 'a')) {
        fold = false;
      }
      addRuneRange(lo, hi, fold);
    }
    return end();
  }

  /** Whether the class contains the upper-case form of each ASCII letter exactly when the lower. */
  private static boolean foldsAscii(int[] ranges) {
    int upper = 0;
    int lower = 0;
    for (int i = 0; i < ranges.length; i += 2) {
      upper |= letterBits(ranges[i], ranges[i + 1], 'A');
      lower |= letterBits(ranges[i], ranges[i + 1], 'a');
    }
    return upper == lower;
  }

  private static int letterBits(int lo, int hi, int first) {
    int from = Math.max(lo, first);
    int to = Math.min(hi, first + 25);
    int bits = 0;
    for (int c = from; c <= to; c++) {
      bits |= 1 << (c - first);
    }
    return bits;
  }

  private void begin() {
    suffixCache.clear();
    rangeBegin = 0;
    rangeHoles = new int[0];
  }

  private Re2Compiler.Frag end() {
    return rangeBegin == 0 ? Re2Compiler.Frag.NO_MATCH
        : new Re2Compiler.Frag(rangeBegin, rangeHoles, false);
  }

  private void addRuneRange(int lo, int hi, boolean fold) {
    if (lo > hi) {
      return;
    }
    if (lo == 0x80 && hi == MAX_RUNE) {
      addAllNonAscii();
      return;
    }
    // Split into ranges whose runes have UTF-8 sequences of one length.
    for (int length = 1; length < 4; length++) {
      int max = maxRune(length);
      if (lo <= max && max < hi) {
        addRuneRange(lo, max, fold);
        addRuneRange(max + 1, hi, fold);
        return;
      }
    }
    if (hi < RUNE_SELF) {
      addSuffix(uncachedSuffix(lo, hi, fold, 0));
      return;
    }
    // Split into ranges whose sequences agree on all but the last i bytes' full span.
    for (int i = 1; i < 4; i++) {
      int m = (1 << (6 * i)) - 1;
      if ((lo & ~m) != (hi & ~m)) {
        if ((lo & m) != 0) {
          addRuneRange(lo, lo | m, fold);
          addRuneRange((lo | m) + 1, hi, fold);
          return;
        }
        if ((hi & m) != m) {
          addRuneRange(lo, (hi & ~m) - 1, fold);
          addRuneRange(hi & ~m, hi, fold);
          return;
        }
      }
    }
    byte[] ulo = utf8(lo);
    byte[] uhi = utf8(hi);
    int n = ulo.length;
    int id = 0;
    // Forward UTF-8: the last byte is shared, the leading byte never, middle bytes if ranges.
    for (int i = n - 1; i >= 0; i--) {
      int bl = ulo[i] & 0xFF;
      int bh = uhi[i] & 0xFF;
      id = (i == n - 1 || (bl < bh && i != 0)) ? cachedSuffix(bl, bh, false, id)
          : uncachedSuffix(bl, bh, false, id);
    }
    addSuffix(id);
  }

  /** 80-10FFFF: two-, three- and four-byte leads over shared continuation chains. */
  private void addAllNonAscii() {
    int cont1 = uncachedSuffix(0x80, 0xBF, false, 0);
    addSuffix(uncachedSuffix(0xC2, 0xDF, false, cont1));
    int cont2 = uncachedSuffix(0x80, 0xBF, false, cont1);
    addSuffix(uncachedSuffix(0xE0, 0xEF, false, cont2));
    int cont3 = uncachedSuffix(0x80, 0xBF, false, cont2);
    addSuffix(uncachedSuffix(0xF0, 0xF4, false, cont3));
  }

  private static int maxRune(int length) {
    int bits = length == 1 ? 7 : 8 - (length + 1) + 6 * (length - 1);
    return (1 << bits) - 1;
  }

  private int uncachedSuffix(int lo, int hi, boolean fold, int next) {
    int id = prog.byteRange(lo, hi, fold, next);
    if (next == 0) {
      rangeHoles = Re2Compiler.concat(rangeHoles, new int[] {id << 1});
    }
    return id;
  }

  private static long cacheKey(int lo, int hi, boolean fold, int next) {
    return ((long) next << 17) | ((long) lo << 9) | ((long) hi << 1) | (fold ? 1 : 0);
  }

  private int cachedSuffix(int lo, int hi, boolean fold, int next) {
    long key = cacheKey(lo, hi, fold, next);
    Integer cached = suffixCache.get(key);
    if (cached != null) {
      return cached;
    }
    int id = uncachedSuffix(lo, hi, fold, next);
    suffixCache.put(key, id);
    return id;
  }

  private boolean isCachedSuffix(int id) {
    return suffixCache.containsKey(
        cacheKey(prog.lo(id), prog.hi(id), prog.foldCase(id), prog.out(id)));
  }

  private void addSuffix(int id) {
    rangeBegin = rangeBegin == 0 ? id : addSuffixToTrie(rangeBegin, id);
  }

  /**
   * Adds a byte sequence to the alternation at root, merging its leading byte range with the
   * most recently added alternative when they are equal (cloning a shared one first).
   */
  private int addSuffixToTrie(int root, int id) {
    int parent;
    boolean viaOut1;
    int br;
    if (prog.opcode(root) == Re2Program.BYTE_RANGE) {
      if (!sameRange(root, id)) {
        return newAlt(root, id);
      }
      parent = 0;
      viaOut1 = false;
      br = root;
    } else if (prog.opcode(root) == Re2Program.ALT && sameRange(prog.out1(root), id)) {
      parent = root;
      viaOut1 = true;
      br = prog.out1(root);
    } else {
      return newAlt(root, id);
    }
    if (isCachedSuffix(br)) {
      int clone = prog.byteRange(prog.lo(br), prog.hi(br), prog.foldCase(br), prog.out(br));
      br = clone;
      if (parent == 0) {
        root = br;
      } else if (viaOut1) {
        prog.setOut1(parent, br);
      }
    }
    int out = prog.out(id);
    if (!isCachedSuffix(id)) {
      prog.freeIfLast(id);
    }
    out = addSuffixToTrie(prog.out(br), out);
    prog.setOut(br, out);
    return root;
  }

  private int newAlt(int root, int id) {
    int alt = prog.allocate(Re2Program.ALT);
    prog.setOut(alt, root);
    prog.setOut1(alt, id);
    return alt;
  }

  private boolean sameRange(int a, int b) {
    return prog.opcode(a) == Re2Program.BYTE_RANGE && prog.opcode(b) == Re2Program.BYTE_RANGE
        && prog.lo(a) == prog.lo(b) && prog.hi(a) == prog.hi(b)
        && prog.foldCase(a) == prog.foldCase(b);
  }

  /** UTF-8 as RE2 writes runes: surrogates are encoded like any other rune. */
  static byte[] utf8(int rune) {
    if (rune < 0x80) {
      return new byte[] {(byte) rune};
    }
    if (rune < 0x800) {
      return new byte[] {(byte) (0xC0 | rune >> 6), (byte) (0x80 | rune & 0x3F)};
    }
    if (rune < 0x10000) {
      return new byte[] {(byte) (0xE0 | rune >> 12), (byte) (0x80 | rune >> 6 & 0x3F),
          (byte) (0x80 | rune & 0x3F)};
    }
    return new byte[] {(byte) (0xF0 | rune >> 18), (byte) (0x80 | rune >> 12 & 0x3F),
        (byte) (0x80 | rune >> 6 & 0x3F), (byte) (0x80 | rune & 0x3F)};
  }
}
