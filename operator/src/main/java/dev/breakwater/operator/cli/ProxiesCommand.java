package dev.breakwater.operator.cli;

import dev.breakwater.operator.debug.ProxiesAnswer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Envoys connected to the operator, as {@code istioctl proxy-status} shows Istio's: per proxy
 * the replica it is on, the ADS flavour, since when, and per xDS type whether it runs what is
 * served now, with its last rejection. Asks {@code GET /debug/proxies} on the operator's HTTP port.
 */
@Command(name = "proxies", mixinStandardHelpOptions = true,
    description = "List the Envoy proxies connected to the operator and what each ACKed.")
public final class ProxiesCommand implements Callable<Integer> {

  enum Output { table, json }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--server", defaultValue = "${env:BREAKWATER_SERVER:-"
      + OperatorClient.DEFAULT_SERVER + "}",
      description = "The operator's HTTP port, e.g. after kubectl -n breakwater-system "
          + "port-forward deploy/breakwater 8080 (env BREAKWATER_SERVER, default ${DEFAULT-VALUE})")
  String server;

  @Option(names = {"-o", "--output"}, defaultValue = "table",
      description = "table | json (default ${DEFAULT-VALUE})")
  Output output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProxiesAnswer answer;
    try {
      answer = new OperatorClient(server).get("/debug/proxies", ProxiesAnswer.class);
    } catch (OperatorClient.UnreachableException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return VersionCommand.UNREACHABLE;
    }
    if (output == Output.json) {
      out.println(OperatorClient.json(answer));
    } else {
      out.print(new ProxiesTable(Clock.systemUTC()).render(answer));
      answer.notes().forEach(n -> err.println("note: " + n));
    }
    out.flush();
    err.flush();
    return 0;
  }
}
