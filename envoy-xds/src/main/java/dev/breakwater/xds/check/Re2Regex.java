package dev.breakwater.xds.check;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Whether Envoy will take a regular expression. Envoy matches with Google RE2 and refuses, at
 * config load, a pattern RE2 cannot parse (lookaround, backreferences, possessive or atomic
 * groups, {@code \Z}, repeats over 1000) or whose compiled program is larger than
 * {@code re2.max_program_size.error_level} (100 by default). re2j is RE2's Java port: the same
 * syntax, and a compiled program of the same instructions, whose size this class reads.
 */
public final class Re2Regex {
  /** Envoy's default {@code re2.max_program_size.error_level}. */
  public static final int MAX_PROGRAM_SIZE = 100;

  private Re2Regex() {}

  /** Empty when Envoy accepts {@code regex}; otherwise why not, in RE2's words. */
  public static Optional<String> problem(String regex) {
    String parsed = regex.replace("\\C", "(?s:.)"); // \C (any byte) is RE2-only syntax
    Pattern pattern;
    try {
      pattern = Pattern.compile(parsed);
    } catch (PatternSyntaxException e) {
      return Optional.of("is not RE2 syntax (Envoy's regex engine): " + e.getDescription()
          + (e.getPattern().isEmpty() ? "" : " in " + e.getPattern()));
    }
    int size = programSize(pattern);
    if (size > MAX_PROGRAM_SIZE) {
      return Optional.of("compiles to an RE2 program of " + size + " instructions; Envoy refuses"
          + " more than " + MAX_PROGRAM_SIZE + " (re2.max_program_size.error_level): simplify it");
    }
    return Optional.empty();
  }

  /** Instructions of the compiled program (re2j keeps them package-private). */
  static int programSize(Pattern pattern) {
    try {
      Method re2 = Pattern.class.getDeclaredMethod("re2");
      re2.setAccessible(true);
      Object compiled = re2.invoke(pattern);
      Field prog = compiled.getClass().getDeclaredField("prog");
      prog.setAccessible(true);
      Object program = prog.get(compiled);
      Method numInst = program.getClass().getDeclaredMethod("numInst");
      numInst.setAccessible(true);
      return (int) numInst.invoke(program);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("re2j changed its internals; update Re2Regex", e);
    }
  }
}
