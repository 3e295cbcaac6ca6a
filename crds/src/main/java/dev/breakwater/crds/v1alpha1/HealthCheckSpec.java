package dev.breakwater.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** Active health checking of a Service's endpoints by Envoy, optionally mirrored as probes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(has(self.http) ? 1 : 0) + (has(self.tcp) ? 1 : 0) + (has(self.grpc) ? 1 : 0) == 1",
    message = "exactly one of http, tcp or grpc must be set")
@ValidationRule(
    value = DurationRules.TIMEOUT_SHORTER_THAN_INTERVAL,
    fieldPath = ".timeout",
    message = "timeout must be shorter than interval")
public class HealthCheckSpec {

  @JsonPropertyDescription("The Service (and optionally one of its ports) whose endpoints are checked.")
  @Required
  private TargetRef targetRef;

  @JsonPropertyDescription("Check with an HTTP GET; exactly one of http, tcp, grpc.")
  private HttpHealthCheck http;

  @JsonPropertyDescription("Check by opening a TCP connection (tcp: {}); exactly one of http, tcp, grpc.")
  private TcpHealthCheck tcp;

  @JsonPropertyDescription("Check with the gRPC health protocol; exactly one of http, tcp, grpc.")
  private GrpcHealthCheck grpc;

  @JsonPropertyDescription("Time between two checks of one endpoint, e.g. 10s.")
  @Default("10s")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_100MS, message = "interval must be at least 100ms")
  private String interval;

  @JsonPropertyDescription("Time to wait for a check's answer; must be shorter than interval.")
  @Default("1s")
  @Pattern(DurationRules.PATTERN)
  @Size(max = DurationRules.MAX_LENGTH)
  @ValidationRule(value = DurationRules.AT_LEAST_10MS, message = "timeout must be at least 10ms")
  private String timeout;

  @JsonPropertyDescription("Consecutive passed checks before an unhealthy endpoint is healthy again.")
  @Default("2")
  @Min(1)
  @Max(100)
  private Integer healthyThreshold;

  @JsonPropertyDescription("Consecutive failed checks before a healthy endpoint is unhealthy.")
  @Default("3")
  @Min(1)
  @Max(100)
  private Integer unhealthyThreshold;

  @JsonPropertyDescription(
      "How failing endpoints roll up into status.state: true lets it become Unhealthy, false"
          + " caps it at Degraded (for a dependency the workload can live without).")
  @Default("true")
  private Boolean critical;

  @JsonPropertyDescription(
      "Kubernetes probes the operator writes onto the workloads (Deployments) behind the Service.")
  @Default("{}")
  private Probes probes;

  @JsonPropertyDescription(
      "Fail open instead of fast: when fewer than this percentage of endpoints pass their "
          + "check, send traffic to every endpoint, failing ones included (Envoy's panic "
          + "routing). Unset: never; an endpoint failing its check gets no traffic, and with "
          + "every endpoint failing callers get 503 at once.")
  @Min(1)
  @Max(100)
  private Integer panicThreshold;

  public TargetRef getTargetRef() {
    return targetRef;
  }

  public void setTargetRef(TargetRef targetRef) {
    this.targetRef = targetRef;
  }

  public HttpHealthCheck getHttp() {
    return http;
  }

  public void setHttp(HttpHealthCheck http) {
    this.http = http;
  }

  public TcpHealthCheck getTcp() {
    return tcp;
  }

  public void setTcp(TcpHealthCheck tcp) {
    this.tcp = tcp;
  }

  public GrpcHealthCheck getGrpc() {
    return grpc;
  }

  public void setGrpc(GrpcHealthCheck grpc) {
    this.grpc = grpc;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getHealthyThreshold() {
    return healthyThreshold;
  }

  public void setHealthyThreshold(Integer healthyThreshold) {
    this.healthyThreshold = healthyThreshold;
  }

  public Integer getUnhealthyThreshold() {
    return unhealthyThreshold;
  }

  public void setUnhealthyThreshold(Integer unhealthyThreshold) {
    this.unhealthyThreshold = unhealthyThreshold;
  }

  public Boolean getCritical() {
    return critical;
  }

  public void setCritical(Boolean critical) {
    this.critical = critical;
  }

  public Integer getPanicThreshold() {
    return panicThreshold;
  }

  public void setPanicThreshold(Integer panicThreshold) {
    this.panicThreshold = panicThreshold;
  }

  public Probes getProbes() {
    return probes;
  }

  public void setProbes(Probes probes) {
    this.probes = probes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HealthCheckSpec s
        && Objects.equals(targetRef, s.targetRef)
        && Objects.equals(http, s.http)
        && Objects.equals(tcp, s.tcp)
        && Objects.equals(grpc, s.grpc)
        && Objects.equals(interval, s.interval)
        && Objects.equals(timeout, s.timeout)
        && Objects.equals(healthyThreshold, s.healthyThreshold)
        && Objects.equals(unhealthyThreshold, s.unhealthyThreshold)
        && Objects.equals(critical, s.critical)
        && Objects.equals(probes, s.probes)
        && Objects.equals(panicThreshold, s.panicThreshold);
  }

  @Override
  public int hashCode() {
    return Objects.hash(targetRef, http, tcp, grpc, interval, timeout, healthyThreshold,
        unhealthyThreshold, critical, probes, panicThreshold);
  }
}
