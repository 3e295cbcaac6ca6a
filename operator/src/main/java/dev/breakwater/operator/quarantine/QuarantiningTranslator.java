package dev.breakwater.operator.quarantine;

import dev.breakwater.operator.publish.PolicyTranslation;
import dev.breakwater.operator.publish.TranslationOutcome;
import dev.breakwater.operator.state.StoreView;

/** Translates what the quarantine lets through and reports set-aside policies as Rejected. */
public final class QuarantiningTranslator implements PolicyTranslation {

  private final PolicyTranslation translation;
  private final NackQuarantine quarantine;

  public QuarantiningTranslator(PolicyTranslation translation, NackQuarantine quarantine) {
    this.translation = translation;
    this.quarantine = quarantine;
  }

  @Override
  public TranslationOutcome translate(StoreView view) {
    return quarantine.adjust(translation.translate(quarantine.substitute(view)));
  }
}
