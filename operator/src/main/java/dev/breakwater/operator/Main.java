package dev.breakwater.operator;

import dev.breakwater.operator.cli.RateLimitCommand;
import dev.breakwater.operator.cli.RunCommand;
import dev.breakwater.operator.cli.TranslateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code breakwater run} (the operator), {@code breakwater translate} (offline) and
 * {@code breakwater ratelimit} (the global rate limit service).
 */
@Command(
    name = "breakwater",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Resilience policies in, Envoy xDS out, data-plane state back in status.",
    subcommands = {RunCommand.class, TranslateCommand.class, RateLimitCommand.class})
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

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"breakwater " + (v == null ? "dev" : v)};
    }
  }
}
