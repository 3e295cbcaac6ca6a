package dev.breakwater.operator.ratelimit.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script from this package's resources and the SHA-1 Redis knows it by (EVALSHA). */
public record LuaScript(String name, String source, String sha1) {

  public static LuaScript load(String resource) {
    try (InputStream in = LuaScript.class.getResourceAsStream(
        "/dev/breakwater/operator/ratelimit/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new LuaScript(resource, source, sha1(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String source) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
