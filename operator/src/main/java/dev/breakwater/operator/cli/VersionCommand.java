package dev.breakwater.operator.cli;

import dev.breakwater.operator.BuildInfo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** This build's version, commit and Envoy API; with {@code --remote} also the operator's. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print the version, git commit, Envoy API version and java-control-plane "
        + "version of this binary (and with --remote, of the running operator).")
public final class VersionCommand implements Callable<Integer> {

  static final int UNREACHABLE = 1;

  enum Output { text, json }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--remote",
      description = "Also ask the operator at --server for its own version")
  boolean remote;

  @Option(names = "--server", defaultValue = "${env:BREAKWATER_SERVER:-"
      + OperatorClient.DEFAULT_SERVER + "}",
      description = "The operator's HTTP port (env BREAKWATER_SERVER, default ${DEFAULT-VALUE})")
  String server;

  @Option(names = {"-o", "--output"}, defaultValue = "text",
      description = "text | json (default ${DEFAULT-VALUE})")
  Output output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BuildInfo client = BuildInfo.current();
    BuildInfo operator = null;
    if (remote) {
      try {
        operator = new OperatorClient(server).get("/version", BuildInfo.class);
      } catch (OperatorClient.UnreachableException e) {
        err.println("error: " + e.getMessage());
        err.flush();
        return UNREACHABLE;
      }
    }
    if (output == Output.json) {
      Map<String, BuildInfo> doc = new LinkedHashMap<>();
      doc.put("client", client);
      if (operator != null) {
        doc.put("operator", operator);
      }
      out.println(OperatorClient.json(doc));
    } else if (operator == null) {
      out.println(client.line());
    } else {
      out.println("client:   " + client.line());
      out.println("operator: " + operator.line());
    }
    out.flush();
    return 0;
  }
}
