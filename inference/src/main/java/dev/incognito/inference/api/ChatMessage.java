package dev.incognito.inference.api;

import java.util.Objects;

/** One turn of a conversation. Text only. */
public record ChatMessage(Role role, String content) {

  /** The roles of the OpenAI-compatible chat API. */
  public enum Role {
    SYSTEM,
    USER,
    ASSISTANT;

    /** The wire name, as in {@code "role": "user"}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses a wire name.
     *
     * @throws IllegalArgumentException for any role other than system, user or assistant
     */
    public static Role fromWireName(String name) {
      for (Role r : values()) {
        if (r.wireName().equals(name)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown role; expected system, user or assistant");
    }
  }

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  /** Never prints the content: conversation text must not reach a log by accident. */
  @Override
  public String toString() {
    return "ChatMessage[role=" + role.wireName() + ", chars=" + content.length() + "]";
  }
}
