package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ModelInfo;
import dev.incognito.client.chat.PrivateChat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code incognito models}: {@code GET /v1/models} through the private path. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the models, asked through the relay like a chat (no token needed).")
public final class ModelsCommand implements Callable<Integer> {

  @Mixin Connection connection;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws ChatException {
    PrintWriter out = spec.commandLine().getOut();
    PrivateChat chat = connection.openWithoutLogin(spec.commandLine().getErr());
    for (ModelInfo m : chat.models()) {
      out.println(m.id() + m.demoNotice().map(n -> "\t(demo) " + n).orElse(""));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
