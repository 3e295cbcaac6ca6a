package dev.breakwater.operator.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which Deployments back a Service, and which of their containers serves a Service port. */
public final class WorkloadMatcher {

  /** The pod template carries every label of the (non-empty) selector. */
  public boolean selects(Map<String, String> selector, Deployment deployment) {
    if (selector == null || selector.isEmpty()) {
      return false;
    }
    var template = deployment.getSpec() == null ? null : deployment.getSpec().getTemplate();
    Map<String, String> labels = template == null || template.getMetadata() == null
        ? null : template.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  /**
   * The container the Service port's targetPort points at: by port name, or by number. A
   * numeric targetPort no container declares goes to the only container, if there is one
   * (declaring container ports is optional in Kubernetes).
   */
  public Optional<Target> containerFor(Deployment deployment, ServicePort servicePort) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    IntOrString target = servicePort.getTargetPort();
    if (target != null && target.getStrVal() != null && !isNumber(target.getStrVal())) {
      String name = target.getStrVal();
      for (Container c : containers) {
        for (var p : ports(c)) {
          if (name.equals(p.getName())) {
            return Optional.of(new Target(c.getName(), new ContainerPort(name,
                p.getContainerPort())));
          }
        }
      }
      return Optional.empty();
    }
    int number = target == null ? servicePort.getPort()
        : target.getIntVal() != null ? target.getIntVal() : Integer.parseInt(target.getStrVal());
    for (Container c : containers) {
      for (var p : ports(c)) {
        if (p.getContainerPort() != null && p.getContainerPort() == number) {
          return Optional.of(new Target(c.getName(), new ContainerPort(null, number)));
        }
      }
    }
    if (containers.size() == 1) {
      return Optional.of(new Target(containers.get(0).getName(), new ContainerPort(null, number)));
    }
    return Optional.empty();
  }

  private static List<io.fabric8.kubernetes.api.model.ContainerPort> ports(Container c) {
    return c.getPorts() == null ? List.of() : c.getPorts();
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  /** @param container the container's name */
  public record Target(String container, ContainerPort port) {}
}
