package dev.breakwater.xds;

import dev.breakwater.xds.envoy.EnvoyOptions;
import dev.breakwater.xds.envoy.XdsResourcesFactory;
import dev.breakwater.xds.model.ClusterState;
import dev.breakwater.xds.translate.IrTranslation;
import dev.breakwater.xds.translate.IrTranslator;

/** Model in, Envoy resources and per-policy results out: translate, then build the resources. */
public final class Translator {
  private final IrTranslator ir = new IrTranslator();
  private final XdsResourcesFactory resources;

  public Translator(EnvoyOptions options) {
    this.resources = new XdsResourcesFactory(options);
  }

  public Translation translate(ClusterState state) {
    IrTranslation translated = ir.translate(state);
    return new Translation(resources.build(translated.services()), translated.results());
  }
}
