package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ChatMessage;
import dev.incognito.client.chat.ChatResult;
import dev.incognito.client.chat.ChatSettings;
import dev.incognito.client.chat.PrivateChat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code incognito chat}: one question, or an interactive conversation kept only in memory. The
 * answer goes to stdout; the steps taken to stderr.
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Ask privately: through the relay, to the model in the confidential VM, with an anonymous"
          + " token.",
      "Without a question, an interactive conversation that disappears when you leave."
    })
public final class ChatCommand implements Callable<Integer> {

  /** Spare tokens obtained per visit to the issuer in a conversation. */
  static final int CONVERSATION_TOKEN_BATCH = 4;

  /** Longest line read at the interactive prompt, characters. */
  static final int MAX_PROMPT_CHARS = 16 * 1024;

  @Mixin Connection connection;

  @Option(names = "--no-stream", description = "Ask for the whole answer at once.")
  boolean noStream;

  @Option(names = "--model", paramLabel = "ID", description = "The model (default: the first).")
  String model;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      defaultValue = "256",
      description = "Longest answer, in tokens (default ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "Sampling temperature, 0 to 2 (default: the server's).")
  Double temperature;

  @Option(
      names = "--save-transcript",
      paramLabel = "FILE",
      description =
          "Save the exchange with its receipt to FILE (owner-only), for `incognito receipt"
              + " verify`. The file holds the conversation in clear; in a conversation it is"
              + " rewritten each turn (the last request carries every earlier message).")
  java.nio.file.Path saveTranscript;

  @Parameters(paramLabel = "QUESTION", arity = "0..*", description = "The question.")
  List<String> words = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws ChatException {
    ChatSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!words.isEmpty()) {
      PrivateChat chat = connection.open(err, 1);
      ask(chat, List.of(ChatMessage.user(String.join(" ", words))), settings);
      return ExitCodes.OK;
    }
    return converse(connection.open(err, CONVERSATION_TOKEN_BATCH), settings, out, err);
  }

  private ChatSettings settings() {
    try {
      return new ChatSettings(
          Optional.ofNullable(model),
          maxTokens,
          temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature),
          !noStream);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Asks once: the answer to stdout as it comes, then a summary line on stderr. */
  ChatResult ask(PrivateChat chat, List<ChatMessage> conversation, ChatSettings settings)
      throws ChatException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean[] any = {false};
    ChatResult r;
    try {
      r =
          chat.complete(
              conversation,
              settings,
              text -> {
                out.print(text);
                out.flush();
                any[0] = true;
              });
    } catch (ChatException e) {
      if (any[0]) {
        out.println();
        out.flush();
      }
      throw e;
    }
    out.println();
    out.flush();
    r.demoNotice().ifPresent(n -> err.println("note: " + n));
    if (saveTranscript != null) {
      TranscriptSaving.save(r, saveTranscript, err);
    }
    err.flush();
    return r;
  }

  private int converse(PrivateChat chat, ChatSettings settings, PrintWriter out, PrintWriter err) {
    err.println(
        "Private chat. The conversation lives only in this process: /clear forgets it, /exit"
            + " (or end of input) leaves.");
    err.flush();
    List<ChatMessage> conversation = new ArrayList<>();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int status = ExitCodes.OK;
    while (true) {
      err.print("you> ");
      err.flush();
      String line;
      try {
        line = in.readLine();
      } catch (IOException e) {
        break;
      }
      if (line == null || line.strip().equals("/exit") || line.strip().equals("/quit")) {
        break;
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.equals("/clear")) {
        conversation.clear();
        err.println("(forgotten)");
        continue;
      }
      if (line.length() > MAX_PROMPT_CHARS) {
        err.println("error: a message has at most " + MAX_PROMPT_CHARS + " characters");
        continue;
      }
      conversation.add(ChatMessage.user(line));
      try {
        ChatResult r = ask(chat, conversation, settings);
        conversation.add(ChatMessage.assistant(r.text()));
        status = ExitCodes.OK;
      } catch (ChatException e) {
        conversation.remove(conversation.size() - 1);
        err.println("error: " + e.getMessage());
        err.flush();
        status = e.kind().exitCode();
      }
    }
    conversation.clear();
    err.println();
    err.println("Conversation forgotten: it was never written anywhere.");
    err.flush();
    return status;
  }
}
