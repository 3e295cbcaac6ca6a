package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** How many connected Envoy proxies run the configuration that carries a policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxyStatus {

  @JsonPropertyDescription(
      "Connected proxies that acknowledged (ACK) an xDS version carrying this policy's generation.")
  private Integer programmed;

  @JsonPropertyDescription("Proxies connected to the operator.")
  private Integer total;

  @JsonPropertyDescription("programmed/total, e.g. \"2/2\"; shown in the Programmed printer column.")
  private String summary;

  public ProxyStatus() {}

  public ProxyStatus(int programmed, int total) {
    this.programmed = programmed;
    this.total = total;
    this.summary = programmed + "/" + total;
  }

  public Integer getProgrammed() {
    return programmed;
  }

  public void setProgrammed(Integer programmed) {
    this.programmed = programmed;
  }

  public Integer getTotal() {
    return total;
  }

  public void setTotal(Integer total) {
    this.total = total;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyStatus p
        && Objects.equals(programmed, p.programmed)
        && Objects.equals(total, p.total)
        && Objects.equals(summary, p.summary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(programmed, total, summary);
  }

  @Override
  public String toString() {
    return "ProxyStatus{" + summary + "}";
  }
}
