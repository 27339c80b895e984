package dev.incognito.client.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code incognito} command: private chat from the device, the demo, tokens, and — where their
 * classes are on the class path — the server control and the inference tools.
 */
@Command(
    name = "incognito",
    mixinStandardHelpOptions = true,
    versionProvider = IncognitoCommand.Version.class,
    description =
        "Private AI chat: your question travels encrypted through a relay to a model in a"
            + " confidential VM, paid for with an anonymous token.",
    subcommands = {
      ChatCommand.class,
      DemoCommand.class,
      ModelsCommand.class,
      TokensCommand.class,
      TlogCommand.class,
      WitnessCommand.class,
      ReleaseCommand.class,
      ReceiptCommand.class,
      EvidenceCommand.class,
      LoginCommand.class,
      HistoryCommand.class,
      VerifyCommand.class
    })
public final class IncognitoCommand implements Runnable {

  /**
   * Subcommands contributed by other parts of the project, registered when their class is present:
   * the server control and the inference tools.
   */
  static final List<String> OPTIONAL_SUBCOMMANDS =
      List.of(
          "dev.incognito.client.cli.ServerCommand",
          "dev.incognito.client.cli.GenerateCommand",
          "dev.incognito.client.cli.TokenizeCommand",
          "dev.incognito.client.cli.ConvertCommand");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line with every subcommand registered and errors printed without stack traces. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new IncognitoCommand());
    for (String name : OPTIONAL_SUBCOMMANDS) {
      try {
        cl.addSubcommand(Class.forName(name).getDeclaredConstructor().newInstance());
      } catch (ClassNotFoundException e) {
        // that part of the project is not built into this jar
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create the subcommand " + name, e);
      }
    }
    cl.addSubcommand(new CommandLine.HelpCommand());
    cl.setExecutionExceptionHandler(
        (ex, line, parsed) -> {
          PrintWriter err = line.getErr();
          err.println(line.getColorScheme().errorText("error: " + describe(ex)));
          err.flush();
          return line.getExitCodeExceptionMapper() != null
              ? line.getExitCodeExceptionMapper().getExitCode(ex)
              : ExitCodes.INTERNAL;
        });
    cl.setExitCodeExceptionMapper(ExitCodes::of);
    return cl;
  }

  /** One line naming what went wrong: the message, never a stack trace. */
  static String describe(Throwable ex) {
    String msg = ex.getMessage();
    if (msg == null || msg.isBlank()) {
      return ex.getClass().getSimpleName().replaceAll("(Exception|Error)$", "") + " failure";
    }
    return msg;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = IncognitoCommand.class.getPackage().getImplementationVersion();
      return new String[] {"incognito " + (v == null ? "(development build)" : v)};
    }
  }
}
