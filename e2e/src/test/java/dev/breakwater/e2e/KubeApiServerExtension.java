package dev.breakwater.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a {@link KubernetesClient} for one kube-apiserver shared by the whole suite: it starts
 * on first use and stops when the JUnit root context closes (the end of the run). Classes keep
 * apart by working in namespaces of their own ({@link Kube#createNamespace}).
 */
public final class KubeApiServerExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context).client();
  }

  /** The suite's API server, started on first use. */
  public static KubeApiServer shared(ExtensionContext context) {
    return context.getRoot().getStore(NS)
        .getOrComputeIfAbsent(KubeApiServer.class, k -> KubeApiServer.start(), KubeApiServer.class);
  }
}
