package dev.incognito.client.history;

import dev.incognito.client.chat.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kept conversation.
 *
 * @param id 32 lowercase hex characters, random; also the record's file name
 * @param created when it was first kept
 * @param expires when it is deleted (at the first open of the history after this instant)
 * @param messages the messages, oldest first
 */
public record Conversation(
    String id, Instant created, Instant expires, List<ChatMessage> messages) {

  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  public Conversation {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("a conversation id is 32 lowercase hex characters");
    }
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
    if (expires.isBefore(created)) {
      throw new IllegalArgumentException("a conversation cannot expire before it was created");
    }
    messages = List.copyOf(messages);
    if (messages.size() > EncryptedHistory.MAX_MESSAGES) {
      throw new IllegalArgumentException(
          "a kept conversation has at most " + EncryptedHistory.MAX_MESSAGES + " messages");
    }
  }

  static boolean validId(String id) {
    return ID.matcher(id).matches();
  }

  /** The same conversation with other messages (the expiry stays). */
  public Conversation withMessages(List<ChatMessage> newMessages) {
    return new Conversation(id, created, expires, newMessages);
  }

  /** Never prints the messages. */
  @Override
  public String toString() {
    return "Conversation[" + id + ", " + messages.size() + " messages, expires " + expires + "]";
  }
}
