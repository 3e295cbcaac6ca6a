package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A TCP connect health check: an endpoint is healthy when it accepts a connection. */
// A known Jackson class annotation makes Jackson write {} instead of failing on an empty bean.
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TcpHealthCheck {

  @Override
  public boolean equals(Object o) {
    return o instanceof TcpHealthCheck;
  }

  @Override
  public int hashCode() {
    return TcpHealthCheck.class.hashCode();
  }
}
