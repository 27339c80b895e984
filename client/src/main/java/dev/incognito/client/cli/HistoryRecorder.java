package dev.incognito.client.cli;

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
  private final PrintWriter err;
  private Conversation current;

  HistoryRecorder(EncryptedHistory history, Duration ttl, PrintWriter err) {
    this.history = history;
    this.ttl = ttl;
    this.err = err;
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

  /**
   * Writes the conversation so far. A failed write is reported on {@code err} and the conversation
   * goes on in memory: losing the answer because the disk is full would help nobody.
   */
  void keep(List<ChatMessage> messages) {
    current = current.withMessages(messages);
    try {
      history.save(current);
    } catch (IOException e) {
      err.println(
          "warning: this turn was NOT kept in the history: cannot write in "
              + history.folder()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
      err.flush();
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
