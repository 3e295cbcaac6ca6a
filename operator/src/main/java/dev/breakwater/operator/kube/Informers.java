package dev.breakwater.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The state of every JOSDK informer of an operator: listed once (synced), watching now. */
public final class Informers {

  private final Operator josdk;

  public Informers(Operator josdk) {
    this.josdk = josdk;
  }

  /** Every informer has listed its objects at least once. */
  public boolean synced() {
    return all(InformerHealthIndicator::hasSynced);
  }

  /** Every informer's watch is open: the API server is reachable and the store current. */
  public boolean watching() {
    return all(InformerHealthIndicator::isWatching);
  }

  /** Names of the informers that have not listed yet. */
  public List<String> notSynced() {
    List<String> out = new ArrayList<>();
    for (RegisteredController<?> c : josdk.getRegisteredControllers()) {
      sources(c).forEach((name, source) -> {
        if (source.informerHealthIndicators().values().stream().anyMatch(i -> !i.hasSynced())) {
          out.add(c.getConfiguration().getName() + "/" + name);
        }
      });
    }
    return out;
  }

  private boolean all(Predicate<InformerHealthIndicator> check) {
    for (RegisteredController<?> c : josdk.getRegisteredControllers()) {
      for (InformerWrappingEventSourceHealthIndicator<?> source : sources(c).values()) {
        for (InformerHealthIndicator i : source.informerHealthIndicators().values()) {
          if (!check.test(i)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Every primary resource (policy) the operator's controllers hold in their caches. */
  public static List<HasMetadata> cachedPrimaries(Operator josdk) {
    List<HasMetadata> out = new ArrayList<>();
    for (RegisteredController<?> c : josdk.getRegisteredControllers()) {
      for (InformerWrappingEventSourceHealthIndicator<?> source : sources(c).values()) {
        if (source instanceof ControllerEventSource<?> primaries) {
          primaries.list().forEach(out::add);
        }
      }
    }
    return out;
  }

  /** JOSDK declares the health info raw; its map holds these. */
  @SuppressWarnings("unchecked")
  private static Map<String, InformerWrappingEventSourceHealthIndicator<?>> sources(
      RegisteredController<?> controller) {
    return (Map<String, InformerWrappingEventSourceHealthIndicator<?>>) (Map<?, ?>)
        controller.getControllerHealthInfo().informerEventSourceHealthIndicators();
  }
}
