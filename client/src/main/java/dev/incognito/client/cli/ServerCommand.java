package dev.incognito.client.cli;

import dev.incognito.client.server.ServerControl;
import dev.incognito.client.server.ServerControlException;
import dev.incognito.client.server.ServerStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code incognito server start|stop|status}: the local Payara Server that runs the Incognito EAR
 * for the demo. It keeps running in the background between commands until {@code stop}.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description =
        "The local Payara Server that runs relay, gateway, issuer and log for the demo"
            + " (all in one server: the privacy guarantees need the relay and the log run by"
            + " others).",
    subcommands = {ServerCommand.Start.class, ServerCommand.Stop.class, ServerCommand.Status.class})
public final class ServerCommand implements Runnable {

  /** Exit code of {@code status} when the server is not running (as LSB init scripts use). */
  public static final int NOT_RUNNING = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static ServerControl control(CommandLine.Model.CommandSpec spec) {
    PrintWriter out = spec.commandLine().getOut();
    return ServerControl.fromEnvironment(
        line -> {
          out.println(line);
          out.flush();
        });
  }

  /** {@code incognito server start}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description =
          "Unpack Payara Server, create and configure the domain on first use, start it, deploy"
              + " the EAR from ear/target when it changed, and wait until it is ready.")
  static final class Start implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ServerControlException {
      control(spec).ensureRunning();
      return 0;
    }
  }

  /** {@code incognito server stop}. */
  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the server.")
  static final class Stop implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ServerControlException {
      if (!control(spec).stop()) {
        spec.commandLine().getOut().println("not running");
      } else {
        spec.commandLine().getOut().println("stopped");
      }
      return 0;
    }
  }

  /** {@code incognito server status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Say whether the server runs, its ports and the deployed applications.",
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {"0:running", "3:not running"})
  static final class Status implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ServerControlException {
      ServerStatus s = control(spec).status();
      PrintWriter out = spec.commandLine().getOut();
      out.println("domain " + ServerControl.DOMAIN + ": " + (s.running() ? "running" : "stopped"));
      out.println(
          "ports: http "
              + s.httpPort()
              + ", https "
              + s.httpsPort()
              + ", admin "
              + s.adminPort()
              + " (local only)");
      if (s.running()) {
        out.println(
            "applications: "
                + (s.applications().isEmpty() ? "none" : String.join(", ", s.applications())));
        out.println("base address: " + s.baseUri());
      }
      return s.running() ? 0 : NOT_RUNNING;
    }
  }
}
