package dev.breakwater.xds.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The modelled RE2 program size against sizes Envoy 1.36.4 reported (warn_level 0) for every
 * pattern of two measured tables: never below Envoy's, at most {@link #MARGIN} above, and the
 * same accept/refuse decision as Envoy at the limit.
 */
class Re2RegexTest {
  /**
   * Where the model is not exact it is above Envoy: by 1 per duplicated one-character alternative
   * ({@code a|a}), by up to 2 per {@code \C} that is an alternative of its own ({@code \C|a}).
   */
  private static final int MARGIN = 3;

  record Measured(String pattern, int size, String envoyRefusal) {
    boolean refusedByEnvoy() {
      return envoyRefusal != null;
    }
  }

  private static final List<String> TABLES =
      List.of("re2/envoy-program-sizes.tsv", "re2/envoy-program-sizes-generated.tsv");

  @ParameterizedTest
  @ValueSource(strings = {"re2/envoy-program-sizes.tsv", "re2/envoy-program-sizes-generated.tsv"})
  void modelsEnvoysProgramSizeNeverBelowAndAtMostAMarginAbove(String table) {
    List<String> outside = new ArrayList<>();
    int exact = 0;
    int sized = 0;
    for (Measured m : measured(table)) {
      if (m.refusedByEnvoy()) {
        continue;
      }
      sized++;
      int estimate = Re2Regex.programSize(m.pattern());
      if (estimate == m.size()) {
        exact++;
      } else if (estimate < m.size() || estimate > m.size() + MARGIN) {
        outside.add(m.pattern() + ": model " + estimate + ", Envoy " + m.size());
      }
    }
    assertThat(outside).as("patterns the model sizes below Envoy or beyond the margin").isEmpty();
    assertThat(sized).isGreaterThanOrEqualTo(150);
    assertThat(exact).as("exactly Envoy's size").isGreaterThanOrEqualTo(sized - 5);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 184, 579, 1000})
  void refusesExactlyWhatEnvoyRefusesAtTheLimit(int limit) {
    List<String> disagreements = new ArrayList<>();
    for (String table : TABLES) {
      for (Measured m : measured(table)) {
        boolean envoyRefuses = m.refusedByEnvoy() || m.size() > limit;
        boolean refused = Re2Regex.problem(m.pattern(), limit).isPresent();
        if (refused != envoyRefuses) {
          disagreements.add(m.pattern() + " (Envoy " + (m.refusedByEnvoy() ? m.envoyRefusal()
              : m.size()) + "): " + Re2Regex.problem(m.pattern(), limit).orElse("accepted"));
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void theLimitsBoundaryIsInclusiveAsInEnvoy() {
    // Envoy measured: sizes 100 and 1000 accepted, 101 and 1001 refused (error_level 100, 1000).
    assertThat(Re2Regex.problem("/k/[a-f0-9]{45}/xy", 100)).isEmpty();
    assertThat(Re2Regex.problem("/k/[a-f0-9]{45}/xyz", 100)).hasValueSatisfying(problem ->
        assertThat(problem).contains("program of 101 instructions").contains("more than 100"));
    assertThat(Re2Regex.problem("/l/.{1,110}abcd", 1000)).isEmpty();
    assertThat(Re2Regex.problem("/l/.{1,110}abcde", 1000)).isPresent();
  }

  @Test
  void refusesWhatRe2jUnderCounts() {
    // re2j: 43 instructions; Envoy: 184 and a NACK at its default limit of 100.
    assertThat(Re2Regex.problem(".{1,20}x", 100))
        .contains("compiles to an RE2 program of 184 instructions; Envoy refuses more than 100"
            + " (re2.max_program_size.error_level): simplify it");
    // Breakwater pins 1000: an ordinary bounded path segment passes, a long one does not
    assertThat(Re2Regex.problem("^/files/[^/]{1,64}$")).isEmpty();
    assertThat(Re2Regex.problem("^/files/[^/]{1,255}$")).hasValueSatisfying(problem ->
        assertThat(problem).contains("2298 instructions").contains("more than 1000"));
  }

  @Test
  void acceptsAnyByteWhichOnlyRe2Knows() {
    assertThat(Re2Regex.problem("/\\C")).isEmpty();
    assertThat(Re2Regex.programSize("/\\C")).isEqualTo(6);
    assertThat(Re2Regex.programSize("/x/\\C+")).isEqualTo(10);
    // an escaped backslash followed by C is two literal characters
    assertThat(Re2Regex.programSize("/a\\\\C")).isEqualTo(8);
    assertThat(Re2Regex.problem("/[\\C]")).hasValueSatisfying(problem ->
        assertThat(problem).startsWith("is not RE2 syntax"));
  }

  @Test
  void refusesUnicodeClassesWhoseSizeDependsOnEnvoysTables() {
    // Envoy: \pL 1201, \p{Greek} 67, \p{Arabic} 103; re2j's older tables give 803, 62, 49.
    for (String regex : List.of("/\\pL", "/\\p{Greek}", "/[\\p{Arabic}a]", "/\\PN")) {
      assertThat(Re2Regex.problem(regex)).as(regex).hasValueSatisfying(problem ->
          assertThat(problem).startsWith("uses the Unicode class \\")
              .contains("list the characters"));
    }
  }

  @Test
  void refusesCaseInsensitiveNonAsciiWithoutHanging() {
    // (?i) over U+1C80-1C88 never returns from re2j's parser; Envoy folds with newer tables.
    Optional<String> problem = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> Re2Regex.problem("(?i)/[\\x{1000}-\\x{1FFF}]"));
    assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("(?i)").contains("U+1FFF"));
    assertThat(Re2Regex.problem("(?i)/café")).isPresent();
    assertThat(Re2Regex.problem("/caf[éÉ]")).isEmpty();
    assertThat(Re2Regex.problem("(?i)/cafe")).isEmpty();
  }

  @Test
  void refusesNestedRepetitionsRe2RefusesAndRe2jTakes() {
    assertThat(Re2Regex.problem("/(a{100}){20}"))
        .contains("is not RE2 syntax (Envoy's regex engine): invalid repetition size in {20}");
    assertThat(Re2Regex.problem("/(a{10}){100}", 2000)).isEmpty();
  }

  @Test
  void givesUpOnExpansionsFarBeyondAnyLimit() {
    String thirtyClasses = "[^a]".repeat(30);
    Optional<String> problem = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> Re2Regex.problem("/(?:" + thirtyClasses + "){1000}"));
    assertThat(problem).contains("compiles to more than 200000 RE2 instructions; Envoy refuses"
        + " more than " + Re2Regex.MAX_PROGRAM_SIZE + ": simplify it");
  }

  static List<Measured> measured(String resource) {
    List<Measured> rows = new ArrayList<>();
    try (InputStream in = Re2RegexTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        rows.add(cells[0].equals("refused")
            ? new Measured(cells[1], -1, cells.length > 2 ? cells[2] : "refused")
            : new Measured(cells[1], Integer.parseInt(cells[0]), null));
      }
    } catch (IOException e) {
      throw new IllegalStateException(resource, e);
    }
    return rows;
  }
}
