package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** What splits a limit into one bucket per distinct value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.header) != has(self.remoteAddress)",
    message = "key must set exactly one of header or remoteAddress")
public class RateLimitKey {

  @JsonPropertyDescription(
      "A bucket per distinct value of this request header, e.g. x-user-id.")
  @Size(min = 1, max = 256)
  @Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
  private String header;

  @JsonPropertyDescription("A bucket per client address (remoteAddress: {}).")
  private RemoteAddressKey remoteAddress;

  public static RateLimitKey header(String name) {
    RateLimitKey key = new RateLimitKey();
    key.setHeader(name);
    return key;
  }

  public static RateLimitKey remoteAddress() {
    RateLimitKey key = new RateLimitKey();
    key.setRemoteAddress(new RemoteAddressKey());
    return key;
  }

  public String getHeader() {
    return header;
  }

  public void setHeader(String header) {
    this.header = header;
  }

  public RemoteAddressKey getRemoteAddress() {
    return remoteAddress;
  }

  public void setRemoteAddress(RemoteAddressKey remoteAddress) {
    this.remoteAddress = remoteAddress;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RateLimitKey k
        && Objects.equals(header, k.header)
        && Objects.equals(remoteAddress, k.remoteAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(header, remoteAddress);
  }
}
