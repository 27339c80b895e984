package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ChatMessage;
import dev.incognito.client.history.Conversation;
import dev.incognito.client.history.EncryptedHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Keeps the conversation of {@code incognito chat --history}, encrypted, after each answer. */
final class HistoryRecorder implements AutoCloseable {

  private final EncryptedHistory history;
  private final Duration ttl;
  private Conversation current;

  HistoryRecorder(EncryptedHistory history, Duration ttl, PrintWriter err) {
    this.history = history;
    this.ttl = ttl;
    this.current = history.start(ttl);
    err.println(
        "note: keeping this conversation encrypted in "
            + history.folder()
            + " as "
            + current.id()
            + " until "
            + current.expires()
            + " (`incognito history clear` deletes it sooner)");
    err.flush();
  }

  /** Writes the conversation so far. */
  void keep(List<ChatMessage> messages) throws ChatException {
    current = current.withMessages(messages);
    try {
      history.save(current);
    } catch (IOException e) {
      throw new ChatException(
          ChatException.Kind.CONFIGURATION, "cannot write the history in " + history.folder(), e);
    }
  }

  /** Starts a new record (after {@code /clear}); the earlier one stays until it expires. */
  void restart() {
    current = history.start(ttl);
  }

  @Override
  public void close() {
    history.close();
  }
}
