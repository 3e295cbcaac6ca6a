package dev.breakwater.operator.ratelimit.store;

import dev.breakwater.xds.policies.ratelimit.descriptor.Algorithm;
import dev.breakwater.operator.ratelimit.rules.LimitCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Redis key of one budget: {@code bwrl:{<namespace>/<policy>/<limit>|<key>}:<algorithm>}. The
 * braces are a Redis Cluster hash tag: everything one budget ever needs hashes to one slot, so a
 * decision stays on one shard even if a script grows a second key. The algorithm is outside the
 * tag but in the key, so changing a limit's algorithm starts a fresh budget instead of reading
 * another algorithm's state. A budget key longer than {@value #MAX_RAW_KEY} characters (a long
 * header value) is replaced by its SHA-256, keeping keys bounded.
 */
public final class RedisKeys {

  static final int MAX_RAW_KEY = 200;
  static final String PREFIX = "bwrl:";

  private RedisKeys() {}

  public static String of(LimitCheck check) {
    String key = check.key();
    if (key.length() > MAX_RAW_KEY) {
      key = "sha256:" + sha256(key);
    }
    return PREFIX + "{" + check.limit().id() + "|" + key + "}:" + suffix(check.limit().rule().algorithm());
  }

  private static String suffix(Algorithm algorithm) {
    return switch (algorithm) {
      case TokenBucket -> "tb";
      case SlidingWindow -> "sw";
      case FixedWindow -> "fw";
    };
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
