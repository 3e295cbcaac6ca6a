package dev.breakwater.xds.policies.ratelimit;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import java.util.Optional;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;

/**
 * Finishes a rate limit's answers in one static Lua filter ahead of the chain, as Envoy 1.36's
 * local_ratelimit cannot: a refused caller gets {@code Retry-After} (seconds until a token is
 * available: x-ratelimit-reset, which Envoy rounds down, plus one, so it is never early and at
 * most a second late), the policy's body if it has one, and no x-ratelimit-* headers where the
 * policy turned them off. A refusal is recognised by the marker header each limit adds to its
 * refusals only. A host whose policy wants more than Retry-After gets a script of its own.
 */
final class RetryAfterScript {
  static final String FILTER = "envoy.filters.http.lua";
  static final String LIMITED_MARKER = "x-breakwater-limited";

  /** Retry-After on refusals; the listener's script for every host. */
  private static final String RETRY_AFTER = """
      function envoy_on_response(handle)
        local headers = handle:headers()
        if headers:get("%s") == nil then
          return
        end
        headers:remove("%1$s")
        local reset = tonumber(headers:get("x-ratelimit-reset") or "")
        if reset ~= nil then
          headers:replace("retry-after", tostring(reset + 1))
        end
      end
      """.formatted(LIMITED_MARKER);

  /** The same, plus the policy's body on refusals and/or no x-ratelimit-* headers anywhere. */
  private static String script(boolean stripHeaders, String body) {
    StringBuilder lua = new StringBuilder()
        .append("function envoy_on_response(handle)\n")
        .append("  local headers = handle:headers()\n")
        .append("  local limited = headers:get(\"").append(LIMITED_MARKER).append("\") ~= nil\n")
        .append("  if limited then\n")
        .append("    headers:remove(\"").append(LIMITED_MARKER).append("\")\n")
        .append("    local reset = tonumber(headers:get(\"x-ratelimit-reset\") or \"\")\n")
        .append("    if reset ~= nil then\n")
        .append("      headers:replace(\"retry-after\", tostring(reset + 1))\n")
        .append("    end\n");
    if (body != null) {
      lua.append("    handle:body():setBytes(").append(luaString(body)).append(")\n");
    }
    lua.append("  end\n");
    if (stripHeaders) {
      lua.append("  headers:remove(\"x-ratelimit-limit\")\n")
          .append("  headers:remove(\"x-ratelimit-remaining\")\n")
          .append("  headers:remove(\"x-ratelimit-reset\")\n");
    }
    return lua.append("end\n").toString();
  }

  /** A Lua long string: no escapes are interpreted, and the level is chosen to fit the text. */
  static String luaString(String text) {
    String level = "";
    while (text.contains("]" + level + "]")) {
      level += "=";
    }
    return "[" + level + "[" + text + "]" + level + "]";
  }

  private RetryAfterScript() {}

  static HttpFilter filter() {
    return HttpFilter.newBuilder().setName(FILTER)
        .setTypedConfig(Any.pack(Lua.newBuilder()
            .setDefaultSourceCode(DataSource.newBuilder().setInlineString(RETRY_AFTER))
            .build()))
        .build();
  }

  /** The host's own script where the policy wants a body or no x-ratelimit-* headers. */
  static Optional<LuaPerRoute> perHost(RateLimitSettings settings) {
    String body = settings.response() == null ? null : settings.response().body();
    if (settings.responseHeaders() && body == null) {
      return Optional.empty();
    }
    return Optional.of(LuaPerRoute.newBuilder()
        .setSourceCode(DataSource.newBuilder()
            .setInlineString(script(!settings.responseHeaders(), body)))
        .build());
  }
}
