package dev.breakwater.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;

/**
 * Puts every add, change and removal of a controller's own resources (the policies) into the
 * store, on every replica. JOSDK broadcasts primary-resource events to ResourceEventAware sources
 * as soon as its informer sees them, leader or not and before any reconcile, so the informer
 * JOSDK keeps for the controller is the only one on these objects.
 */
final class StoreFeed<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements ResourceEventAware<P> {

  private final ObjectIngest ingest;

  StoreFeed(ObjectIngest ingest) {
    super(Void.class, "store-feed");
    this.ingest = ingest;
  }

  @Override
  public void onResourceCreated(P resource) {
    ingest.applyPolicy(resource);
  }

  @Override
  public void onResourceUpdated(P newResource, P oldResource) {
    ingest.applyPolicy(newResource);
  }

  @Override
  public void onResourceDeleted(P resource) {
    ingest.removePolicy(resource);
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}
