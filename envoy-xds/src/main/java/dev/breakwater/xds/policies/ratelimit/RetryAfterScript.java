package dev.breakwater.xds.policies.ratelimit;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.Map;
import java.util.Optional;

/**
 * Finishes a rate limit's answers in one static Lua filter ahead of the chain, as Envoy 1.36's
 * local_ratelimit and ratelimit filters cannot: a caller refused by a local limit gets
 * {@code Retry-After} (seconds until a token is available: x-ratelimit-reset, which Envoy rounds
 * down, plus one, so it is never early and at most a second late), the policy's body if it has
 * one, and no x-ratelimit-* headers where the policy turned them off. A refusal is recognised by
 * the marker header each limit adds to its refusals only: a local limit's name, or
 * {@code ~global} / {@code ~unavailable} (a global limit refused, or the rate limit service could
 * not decide under failureMode Closed; {@code ~} cannot start a limit name). A global refusal's
 * Retry-After comes from the service; its status and headers, which the ratelimit filter cannot
 * take per route, are set here. A host whose policy wants more than Retry-After gets a script of
 * its own.
 */
final class RetryAfterScript {
  static final String FILTER = "envoy.filters.http.lua";
  static final String LIMITED_MARKER = "x-breakwater-limited";

  /** Retry-After on local refusals; the listener's script for every host. */
  private static final String RETRY_AFTER = """
      function envoy_on_response(handle)
        local headers = handle:headers()
        local limited = headers:get("%s")
        if limited == nil then
          return
        end
        headers:remove("%1$s")
        if string.sub(limited, 1, 1) == "~" then
          return
        end
        local reset = tonumber(headers:get("x-ratelimit-reset") or "")
        if reset ~= nil then
          headers:replace("retry-after", tostring(reset + 1))
        end
      end
      """.formatted(LIMITED_MARKER);

  /**
   * The same, plus for the policy: its body on refusals, its status and headers on global
   * refusals (local limits set those in their own config), no x-ratelimit-* headers anywhere.
   */
  private static String script(boolean stripHeaders, String body, Integer globalStatus,
      Map<String, String> globalHeaders) {
    StringBuilder lua = new StringBuilder()
        .append("function envoy_on_response(handle)\n")
        .append("  local headers = handle:headers()\n")
        .append("  local limited = headers:get(\"").append(LIMITED_MARKER).append("\")\n")
        .append("  if limited ~= nil then\n")
        .append("    headers:remove(\"").append(LIMITED_MARKER).append("\")\n")
        .append("    if string.sub(limited, 1, 1) ~= \"~\" then\n")
        .append("      local reset = tonumber(headers:get(\"x-ratelimit-reset\") or \"\")\n")
        .append("      if reset ~= nil then\n")
        .append("        headers:replace(\"retry-after\", tostring(reset + 1))\n")
        .append("      end\n");
    if (globalStatus != null || !globalHeaders.isEmpty()) {
      lua.append("    else\n");
    }
    if (globalStatus != null) {
      lua.append("      headers:replace(\":status\", \"").append(globalStatus).append("\")\n");
    }
    for (Map.Entry<String, String> h : globalHeaders.entrySet()) {
      lua.append("      headers:replace(\"").append(h.getKey()).append("\", ")
          .append(luaString(h.getValue())).append(")\n");
    }
    lua.append("    end\n");
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

  /** The host's own script where the policy wants more than the listener's script does. */
  static Optional<LuaPerRoute> perHost(RateLimitSettings settings) {
    String body = settings.response() == null ? null : settings.response().body();
    boolean global = !settings.globalLimits().isEmpty();
    Integer status = global && settings.response() != null ? settings.response().status() : null;
    Map<String, String> headers = global && settings.response() != null
        ? settings.response().headers() : Map.of();
    if (settings.responseHeaders() && body == null && status == null && headers.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(LuaPerRoute.newBuilder()
        .setSourceCode(DataSource.newBuilder()
            .setInlineString(script(!settings.responseHeaders(), body, status, headers)))
        .build());
  }
}
