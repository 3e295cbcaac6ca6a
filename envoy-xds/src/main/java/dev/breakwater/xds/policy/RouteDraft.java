package dev.breakwater.xds.policy;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A route of a virtual host while policy kinds shape it; built into an Envoy Route at the end. */
public final class RouteDraft {
  private final String name;
  private final RouteMatch.Builder match;
  private final RouteAction.Builder action;
  private final Map<String, Any> filterConfigs = new TreeMap<>();
  private final List<FixedResponseRule> fixedResponses = new ArrayList<>();
  private final Metadata.Builder metadata = Metadata.newBuilder();

  public RouteDraft(String name, RouteMatch match, RouteAction action) {
    this.name = name;
    this.match = match.toBuilder();
    this.action = action.toBuilder();
  }

  public String name() {
    return name;
  }

  public RouteMatch.Builder match() {
    return match;
  }

  public RouteAction.Builder action() {
    return action;
  }

  /** The same route under another name, e.g. to match only part of its requests. */
  public RouteDraft copy(String newName) {
    RouteDraft copy = new RouteDraft(newName, match.build(), action.build());
    copy.filterConfigs.putAll(filterConfigs);
    copy.fixedResponses.addAll(fixedResponses);
    copy.metadata.mergeFrom(metadata.build());
    return copy;
  }

  /** Per-route config of an HTTP filter ({@code typed_per_filter_config}). */
  public RouteDraft filterConfig(String filter, Message config) {
    filterConfigs.put(filter, Any.pack(config));
    return this;
  }

  /** A fixed answer replacing responses that carry the rule's marker (tried in order). */
  public RouteDraft fixedResponse(FixedResponseRule rule) {
    fixedResponses.add(rule);
    return this;
  }

  /** Route metadata, which filters read at run time ({@code filter_metadata} by filter). */
  public RouteDraft metadata(Metadata more) {
    metadata.putAllFilterMetadata(more.getFilterMetadataMap());
    return this;
  }

  public Route build() {
    Route.Builder route = Route.newBuilder()
        .setName(name)
        .setMatch(match)
        .setRoute(action)
        .putAllTypedPerFilterConfig(filterConfigs);
    if (metadata.getFilterMetadataCount() > 0) {
      route.setMetadata(metadata);
    }
    if (!fixedResponses.isEmpty()) {
      route.putTypedPerFilterConfig(FixedResponseRule.FILTER,
          Any.pack(FixedResponseRule.config(fixedResponses)));
    }
    return route.build();
  }
}
