package dev.breakwater.operator.publish;

import dev.breakwater.operator.state.StoreView;

/** What the publisher translates the store with: Envoy resources plus an outcome per policy. */
@FunctionalInterface
public interface PolicyTranslation {

  TranslationOutcome translate(StoreView view);
}
