package dev.breakwater.xds.check;

import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * Whether Envoy will take a regular expression. Envoy matches with Google RE2 and refuses, at
 * config load, a pattern RE2 cannot parse (lookaround, backreferences, possessive or atomic
 * groups, {@code \Z}, repeats over 1000) or whose compiled program is larger than
 * {@code re2.max_program_size.error_level}. re2j (RE2's syntax in Java) parses; the program size
 * is a model of C++ RE2's compiler ({@link Re2Compiler}, {@link Re2FlatSize}), because re2j's own
 * program counts runes where RE2 counts UTF-8 byte ranges ({@code .} is 8 instructions in RE2,
 * 1 in re2j). The model equals Envoy's size on every measured pattern or exceeds it by one
 * (test data in {@code re2/envoy-program-sizes*.tsv}). What it cannot size from below (Unicode
 * classes, case-insensitive non-ASCII) is refused with a reason.
 */
public final class Re2Regex {
  /**
   * The largest RE2 program Breakwater sends, and the value the bootstrap pins as
   * {@code re2.max_program_size.error_level} (Envoy's default is 100).
   */
  public static final int MAX_PROGRAM_SIZE = 1000;

  private Re2Regex() {}

  /** Empty when Envoy accepts {@code regex}; otherwise why not, in RE2's words. */
  public static Optional<String> problem(String regex) {
    return problem(regex, MAX_PROGRAM_SIZE);
  }

  /** As {@link #problem(String)} for Envoy running with {@code error_level} = limit. */
  static Optional<String> problem(String regex, int limit) {
    Optional<String> unsupported = Re2PatternText.unsupported(regex);
    if (unsupported.isPresent()) {
      return unsupported;
    }
    int size;
    try {
      size = programSize(regex);
    } catch (PatternSyntaxException e) {
      return Optional.of("is not RE2 syntax (Envoy's regex engine): " + e.getDescription()
          + (e.getPattern().isEmpty() ? "" : " in " + e.getPattern()));
    } catch (Re2Program.TooLarge e) {
      return Optional.of("compiles to more than " + Re2Program.MAX_INSTRUCTIONS + " RE2"
          + " instructions; Envoy refuses more than " + limit + ": simplify it");
    } catch (StackOverflowError e) {
      return Optional.of("nests groups or repetitions too deeply to check; simplify it");
    }
    if (size > limit) {
      return Optional.of("compiles to an RE2 program of " + size + " instructions; Envoy refuses"
          + " more than " + limit + " (re2.max_program_size.error_level): simplify it");
    }
    return Optional.empty();
  }

  /** What {@code RE2::ProgramSize()} returns for regex, as Envoy compares it with the limit. */
  static int programSize(String regex) {
    Re2Node parsed = Re2Syntax.parse(regex);
    Re2Program program = Re2Compiler.compile(Re2Rewrites.withoutRequiredPrefix(parsed));
    return Re2FlatSize.of(program) + Re2PatternText.adjacentDuplicateAlternatives(regex)
        + 2 * Re2PatternText.anyByteAlternatives(regex);
  }
}
