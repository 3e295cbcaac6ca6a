package dev.breakwater.operator;

import dev.breakwater.operator.cli.ProxiesCommand;
import dev.breakwater.operator.cli.RateLimitCommand;
import dev.breakwater.operator.cli.RunCommand;
import dev.breakwater.operator.cli.TranslateCommand;
import dev.breakwater.operator.cli.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code breakwater run} (the operator), {@code breakwater translate} (offline),
 * {@code breakwater ratelimit} (the global rate limit service), and the troubleshooting
 * commands {@code proxies} and {@code version}.
 */
@Command(
    name = "breakwater",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Resilience policies in, Envoy xDS out, data-plane state back in status.",
    subcommands = {RunCommand.class, TranslateCommand.class, RateLimitCommand.class,
        ProxiesCommand.class, VersionCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // exit 0 needs no System.exit: `run` returns only while the JVM is already shutting down
    // (calling exit there would block), and `translate` leaves no non-daemon thread behind
    if (code != 0) {
      System.exit(code);
    }
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code breakwater --version}: the same line as {@code breakwater version}. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.current().line()};
    }
  }
}
