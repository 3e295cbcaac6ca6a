package dev.breakwater.xds.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code RE2::ProgramSize()} reports for a compiled program: RE2 first skips no-ops and
 * marks {@code \C*}-then-match loops, then "flattens" the graph. Flattening cuts the graph into
 * trees at roots (the start instructions, every successor of a byte range, capture or
 * empty-width instruction, and alternations also reachable from outside their tree) and writes
 * each tree as a list of its leaves; alternations disappear, an epsilon edge into another tree
 * becomes one no-op. The size is the total length of those lists.
 */
final class Re2FlatSize {
  private final Re2Program prog;
  private final Set<Integer> roots = new LinkedHashSet<>();
  private final Map<Integer, List<Integer>> altPredecessors = new HashMap<>();

  private Re2FlatSize(Re2Program prog) {
    this.prog = prog;
  }

  static int of(Re2Program prog) {
    Re2FlatSize flat = new Re2FlatSize(prog);
    flat.skipNops();
    flat.markAltMatches();
    flat.markSuccessorRoots();
    flat.markDominatorRoots();
    int size = 0;
    for (int root : flat.roots) {
      size += flat.listLength(root);
    }
    return size;
  }

  private int pastNops(int id) {
    while (id != 0 && prog.opcode(id) == Re2Program.NOP) {
      id = prog.out(id);
    }
    return id;
  }

  /** Points every edge reachable from the anchored start past no-ops (RE2's first peephole). */
  private void skipNops() {
    List<Integer> order = new ArrayList<>();
    BitSet seen = new BitSet();
    if (prog.start() != 0) {
      order.add(prog.start());
      seen.set(prog.start());
    }
    for (int i = 0; i < order.size(); i++) {
      int id = order.get(i);
      int first = pastNops(prog.out(id));
      prog.setOut(id, first);
      enqueue(order, seen, first);
      if (prog.opcode(id) == Re2Program.ALT) {
        int second = pastNops(prog.out1(id));
        prog.setOut1(id, second);
        enqueue(order, seen, second);
      }
    }
  }

  private static void enqueue(List<Integer> order, BitSet seen, int id) {
    if (id != 0 && !seen.get(id)) {
      seen.set(id);
      order.add(id);
    }
  }

  /** An alternation between "any byte, loop" and "match" becomes AltMatch (one more entry). */
  private void markAltMatches() {
    List<Integer> order = new ArrayList<>();
    BitSet seen = new BitSet();
    enqueue(order, seen, prog.start());
    for (int i = 0; i < order.size(); i++) {
      int id = order.get(i);
      enqueue(order, seen, prog.out(id));
      if (prog.opcode(id) != Re2Program.ALT) {
        continue;
      }
      enqueue(order, seen, prog.out1(id));
      int j = prog.out(id);
      int k = prog.out1(id);
      if ((isAnyByteLoop(j, id) && leadsToMatch(k)) || (leadsToMatch(j) && isAnyByteLoop(k, id))) {
        prog.setOpcode(id, Re2Program.ALT_MATCH);
      }
    }
  }

  private boolean isAnyByteLoop(int id, int alt) {
    return prog.opcode(id) == Re2Program.BYTE_RANGE && prog.out(id) == alt
        && prog.lo(id) == 0x00 && prog.hi(id) == 0xFF;
  }

  private boolean leadsToMatch(int id) {
    while (true) {
      switch (prog.opcode(id)) {
        case Re2Program.CAPTURE, Re2Program.NOP -> id = prog.out(id);
        case Re2Program.MATCH -> {
          return true;
        }
        default -> {
          return false;
        }
      }
    }
  }

  private void markSuccessorRoots() {
    roots.add(0);
    roots.add(prog.startUnanchored());
    roots.add(prog.start());
    BitSet reached = new BitSet();
    Deque<Integer> stack = new ArrayDeque<>();
    stack.push(prog.startUnanchored());
    while (!stack.isEmpty()) {
      int id = stack.pop();
      while (!reached.get(id)) {
        reached.set(id);
        int op = prog.opcode(id);
        if (op == Re2Program.ALT || op == Re2Program.ALT_MATCH) {
          altPredecessors.computeIfAbsent(prog.out(id), k -> new ArrayList<>()).add(id);
          altPredecessors.computeIfAbsent(prog.out1(id), k -> new ArrayList<>()).add(id);
          stack.push(prog.out1(id));
          id = prog.out(id);
        } else if (op == Re2Program.BYTE_RANGE || op == Re2Program.CAPTURE
            || op == Re2Program.EMPTY_WIDTH) {
          roots.add(prog.out(id));
          id = prog.out(id);
        } else if (op == Re2Program.NOP) {
          id = prog.out(id);
        } else {
          break;
        }
      }
    }
  }

  /**
   * An instruction inside a tree that some alternation outside the tree also reaches becomes a
   * root of its own; RE2 walks the successor roots from the highest id down (not fail, not the
   * starts).
   */
  private void markDominatorRoots() {
    List<Integer> sorted = new ArrayList<>(roots);
    sorted.sort(null);
    for (int i = sorted.size() - 1; i > 0; i--) {
      int root = sorted.get(i);
      if (root == prog.startUnanchored() || root == prog.start()) {
        continue;
      }
      Set<Integer> tree = tree(root);
      for (int id : tree) {
        for (int pred : altPredecessors.getOrDefault(id, List.of())) {
          if (!tree.contains(pred)) {
            roots.add(id);
          }
        }
      }
    }
  }

  /** Instructions reached from root through alternations and no-ops, stopping at other roots. */
  private Set<Integer> tree(int root) {
    Set<Integer> reached = new LinkedHashSet<>();
    Deque<Integer> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      int id = stack.pop();
      while (reached.add(id)) {
        if (id != root && roots.contains(id)) {
          break;
        }
        int op = prog.opcode(id);
        if (op == Re2Program.ALT || op == Re2Program.ALT_MATCH) {
          stack.push(prog.out1(id));
          id = prog.out(id);
        } else if (op == Re2Program.NOP) {
          id = prog.out(id);
        } else {
          break;
        }
      }
    }
    return reached;
  }

  /** Entries RE2 emits for the tree at root: its leaves, one no-op per other root it reaches. */
  private int listLength(int root) {
    int length = 0;
    for (int id : tree(root)) {
      int op = prog.opcode(id);
      if (id != root && roots.contains(id)) {
        length++;
      } else if (op == Re2Program.ALT_MATCH) {
        length++;
      } else if (op != Re2Program.ALT && op != Re2Program.NOP) {
        length++;
      }
    }
    return length;
  }
}
