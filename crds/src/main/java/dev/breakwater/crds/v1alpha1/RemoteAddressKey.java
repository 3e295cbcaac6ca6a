package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Marker for a bucket per client address (remoteAddress: {}); it has no settings yet. */
// A known Jackson class annotation makes Jackson write {} instead of failing on an empty bean.
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RemoteAddressKey {

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteAddressKey;
  }

  @Override
  public int hashCode() {
    return RemoteAddressKey.class.hashCode();
  }
}
