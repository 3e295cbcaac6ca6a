package dev.breakwater.xds.check;

import com.google.re2j.PatternSyntaxException;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * re2j's package-private parser, parse tree ({@code com.google.re2j.Regexp}) and case folding,
 * read by reflection. Everything that depends on re2j's internals is here.
 */
final class Re2jInternals {
  /** re2j's flags for Perl-like syntax, what {@code Pattern.compile(regex)} uses. */
  private static final int PERL = 212;

  private static final Method PARSE;
  private static final Method SIMPLE_FOLD;
  private static final Field OP;
  private static final Field FLAGS;
  private static final Field SUBS;
  private static final Field RUNES;
  private static final Field MIN;
  private static final Field MAX;
  private static final Field CAP;

  static {
    try {
      Class<?> parser = Class.forName("com.google.re2j.Parser");
      Class<?> regexp = Class.forName("com.google.re2j.Regexp");
      Class<?> unicode = Class.forName("com.google.re2j.Unicode");
      PARSE = accessible(parser.getDeclaredMethod("parse", String.class, int.class));
      SIMPLE_FOLD = accessible(unicode.getDeclaredMethod("simpleFold", int.class));
      OP = accessible(regexp.getDeclaredField("op"));
      FLAGS = accessible(regexp.getDeclaredField("flags"));
      SUBS = accessible(regexp.getDeclaredField("subs"));
      RUNES = accessible(regexp.getDeclaredField("runes"));
      MIN = accessible(regexp.getDeclaredField("min"));
      MAX = accessible(regexp.getDeclaredField("max"));
      CAP = accessible(regexp.getDeclaredField("cap"));
    } catch (ReflectiveOperationException e) {
      throw changed(e);
    }
  }

  private Re2jInternals() {}

  /** re2j's parse tree of regex (not simplified); throws re2j's syntax exception. */
  static Object parse(String regex) {
    try {
      return PARSE.invoke(null, regex, PERL);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof PatternSyntaxException syntax) {
        throw syntax;
      }
      throw new IllegalStateException("re2j failed to parse " + regex, e.getCause());
    } catch (IllegalAccessException e) {
      throw changed(e);
    }
  }

  /** The node's operator, by re2j's name (LITERAL, CHAR_CLASS, CONCAT, ...). */
  static String op(Object re) {
    return ((Enum<?>) get(OP, re)).name();
  }

  static int flags(Object re) {
    return (int) get(FLAGS, re);
  }

  static int min(Object re) {
    return (int) get(MIN, re);
  }

  static int max(Object re) {
    return (int) get(MAX, re);
  }

  static int cap(Object re) {
    return (int) get(CAP, re);
  }

  /** A literal's runes or a class's lo/hi pairs. */
  static int[] runes(Object re) {
    int[] runes = (int[]) get(RUNES, re);
    return runes == null ? new int[0] : runes.clone();
  }

  static Object[] subs(Object re) {
    Object[] subs = (Object[]) get(SUBS, re);
    return subs == null ? new Object[0] : subs;
  }

  /** Every case of r, r first, as the case-folding cycle visits them. */
  static int[] caseOrbit(int r) {
    try {
      int[] orbit = new int[] {r};
      // Unicode's longest orbit has 4 runes; the bound guards against orbits re2j leaves open.
      for (int f = (int) SIMPLE_FOLD.invoke(null, r); f != r && orbit.length < 8;
          f = (int) SIMPLE_FOLD.invoke(null, f)) {
        orbit = Arrays.copyOf(orbit, orbit.length + 1);
        orbit[orbit.length - 1] = f;
      }
      return orbit;
    } catch (ReflectiveOperationException e) {
      throw changed(e);
    }
  }

  private static Object get(Field field, Object re) {
    try {
      return field.get(re);
    } catch (IllegalAccessException e) {
      throw changed(e);
    }
  }

  private static <T extends AccessibleObject> T accessible(T member) {
    member.setAccessible(true);
    return member;
  }

  private static IllegalStateException changed(Exception e) {
    return new IllegalStateException("re2j changed its internals; update Re2jInternals", e);
  }
}
