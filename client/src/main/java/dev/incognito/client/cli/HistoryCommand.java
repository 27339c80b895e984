package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ChatMessage;
import dev.incognito.client.history.Conversation;
import dev.incognito.client.history.EncryptedHistory;
import dev.incognito.client.history.HistoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code incognito history list|show|clear}: the conversations kept with {@code incognito chat
 * --history}. Opening the history (list, show) deletes every expired conversation first.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Conversations kept on this device with `incognito chat --history`, encrypted under your"
          + " passphrase ("
          + HistoryAccess.PASSPHRASE_ENV
          + " or asked), each until it expires.",
      "Without --history nothing is kept: conversations disappear when the chat ends."
    },
    subcommands = {
      HistoryCommand.ListCommand.class,
      HistoryCommand.Show.class,
      HistoryCommand.Clear.class
    })
public final class HistoryCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Characters of the first message shown by {@code list}. */
  static final int PREVIEW_CHARS = 60;

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List kept conversations.")
  static final class ListCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws ChatException {
      PrintWriter out = spec.commandLine().getOut();
      try (EncryptedHistory h = HistoryAccess.open()) {
        List<Conversation> all = read(h::list);
        for (Conversation c : all) {
          String first =
              c.messages().stream()
                  .filter(m -> m.role().equals("user"))
                  .map(ChatMessage::content)
                  .findFirst()
                  .orElse("")
                  .replaceAll("\\s+", " ");
          out.println(
              c.id()
                  + "  "
                  + c.created()
                  + "  expires "
                  + c.expires()
                  + "  "
                  + c.messages().size()
                  + " messages  "
                  + (first.length() > PREVIEW_CHARS
                      ? first.substring(0, PREVIEW_CHARS) + "…"
                      : first));
        }
        if (all.isEmpty()) {
          spec.commandLine().getErr().println("no kept conversations");
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one conversation.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The conversation id from `history list`.")
    String id;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws ChatException {
      PrintWriter out = spec.commandLine().getOut();
      try (EncryptedHistory h = HistoryAccess.open()) {
        Conversation c = read(() -> h.read(id));
        for (ChatMessage m : c.messages()) {
          out.println(m.role() + "> " + m.content());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "clear",
      mixinStandardHelpOptions = true,
      description = "Delete every kept conversation and the history's salt (no passphrase needed).")
  static final class Clear implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws ChatException {
      try {
        int n = EncryptedHistory.clear(HistoryAccess.folder());
        spec.commandLine()
            .getErr()
            .println("deleted " + n + " conversation" + (n == 1 ? "" : "s") + " and the salt");
      } catch (IOException e) {
        throw new ChatException(
            ChatException.Kind.CONFIGURATION, "cannot clear " + HistoryAccess.folder(), e);
      }
      return ExitCodes.OK;
    }
  }

  private interface Read<T> {
    T get() throws HistoryException, IOException;
  }

  private static <T> T read(Read<T> r) throws ChatException {
    try {
      return r.get();
    } catch (HistoryException e) {
      throw new ChatException(ChatException.Kind.VERIFICATION, e.getMessage(), e);
    } catch (IOException e) {
      throw new ChatException(
          ChatException.Kind.CONFIGURATION, "cannot read the history: " + e.getMessage(), e);
    }
  }
}
