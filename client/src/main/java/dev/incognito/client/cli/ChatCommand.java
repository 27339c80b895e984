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

  @Option(
      names = "--history",
      description =
          "Keep this conversation on the device, encrypted under your passphrase ("
              + HistoryAccess.PASSPHRASE_ENV
              + " or asked), until --history-ttl passes. Off by default.")
  boolean history;

  @Option(
      names = "--history-ttl",
      paramLabel = "TTL",
      defaultValue = "1d",
      description = "How long --history keeps it: 30m, 12h, 1d, 2w (default ${DEFAULT-VALUE}).")
  String historyTtl;

  HistoryRecorder recorder;

  @Parameters(paramLabel = "QUESTION", arity = "0..*", description = "The question.")
  List<String> words = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws ChatException {
    ChatSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (history) {
      java.time.Duration ttl;
      try {
        ttl = dev.incognito.client.history.EncryptedHistory.parseTtl(historyTtl);
      } catch (IllegalArgumentException e) {
        throw new ChatException(
            ChatException.Kind.CONFIGURATION, "--history-ttl: " + e.getMessage(), e);
      }
      recorder = new HistoryRecorder(HistoryAccess.open(), ttl, err);
    }
    try {
      if (!words.isEmpty()) {
        PrivateChat chat = connection.open(err, 1);
        ChatMessage question = ChatMessage.user(String.join(" ", words));
        ChatResult r = ask(chat, List.of(question), settings);
        if (recorder != null) {
          recorder.keep(List.of(question, ChatMessage.assistant(r.text())));
        }
        return ExitCodes.OK;
      }
      return converse(connection.open(err, CONVERSATION_TOKEN_BATCH), settings, out, err);
    } finally {
      if (recorder != null) {
        recorder.close();
      }
    }
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
                if (!any[0]) {
                  connection.printer.hold();
                  any[0] = true;
                }
                out.print(text);
                out.flush();
              });
    } catch (ChatException e) {
      if (any[0]) {
        out.println();
        out.flush();
      }
      connection.printer.release();
      throw e;
    }
    out.println();
    out.flush();
    connection.printer.release();
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
        if (recorder != null) {
          recorder.restart();
        }
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
        if (recorder != null) {
          recorder.keep(conversation);
        }
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
    err.println(
        recorder == null
            ? "Conversation forgotten: it was never written anywhere."
            : "Conversation forgotten here; kept encrypted until its expiry (--history).");
    err.flush();
    return status;
  }
}
