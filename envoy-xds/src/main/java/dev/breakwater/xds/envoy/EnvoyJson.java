package dev.breakwater.xds.envoy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.breakwater.xds.policies.PolicyKinds;
import io.envoyproxy.envoy.extensions.filters.http.custom_response.v3.CustomResponse;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.http.custom_response.local_response_policy.v3.LocalResponsePolicy;
import io.envoyproxy.envoy.type.matcher.v3.HttpResponseHeaderMatchInput;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/** Proto3 JSON of Envoy resources, with every Any type this project emits registered. */
public final class EnvoyJson {
  private static final JsonFormat.TypeRegistry TYPES = types(JsonFormat.TypeRegistry.newBuilder()
      .add(HttpConnectionManager.getDescriptor())
      .add(Router.getDescriptor())
      .add(HttpProtocolOptions.getDescriptor())
      .add(CustomResponse.getDescriptor())
      .add(LocalResponsePolicy.getDescriptor())
      .add(HttpResponseHeaderMatchInput.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.http.original_ip_detection.xff.v3.XffConfig.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol
          .getDescriptor()));
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
      .usingTypeRegistry(TYPES)
      .preservingProtoFieldNames();

  private EnvoyJson() {}

  private static JsonFormat.TypeRegistry types(JsonFormat.TypeRegistry.Builder builder) {
    PolicyKinds.all().forEach(kind -> builder.add(kind.envoyTypes()));
    return builder.build();
  }

  public static String print(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only an Any of an unregistered type gets here: a bug in this module, not bad input.
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }

  public static JsonFormat.TypeRegistry types() {
    return TYPES;
  }
}
