package dev.incognito.client.chat;

import java.util.Objects;
import java.util.Set;

/**
 * One message of a conversation, as the OpenAI-compatible inner API takes it.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the text
 */
public record ChatMessage(String role, String content) {

  /** The roles the inner API accepts. */
  public static final Set<String> ROLES = Set.of("system", "user", "assistant");

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("role must be system, user or assistant");
    }
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }

  /** Never prints the content. */
  @Override
  public String toString() {
    return "ChatMessage[" + role + ", " + content.length() + " chars]";
  }
}
