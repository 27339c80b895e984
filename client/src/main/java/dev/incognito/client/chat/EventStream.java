package dev.incognito.client.chat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A decoder for server-sent events (WHATWG HTML §9.2.6) as the chat completions stream uses them:
 * {@code data:} lines, an event ending at a blank line; comments and other fields are ignored. Fed
 * with bytes as they arrive; each event's data goes to the consumer.
 */
final class EventStream {

  /** Longest line accepted, bytes. */
  static final int MAX_LINE_BYTES = 1024 * 1024;

  /** Longest event data accepted, characters. */
  static final int MAX_EVENT_CHARS = 4 * 1024 * 1024;

  private final Consumer<String> onData;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private boolean afterCr;

  EventStream(Consumer<String> onData) {
    this.onData = onData;
  }

  void feed(byte[] bytes) throws ChatException {
    for (byte b : bytes) {
      if (afterCr) {
        afterCr = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        afterCr = b == '\r';
        endLine();
      } else {
        if (line.size() >= MAX_LINE_BYTES) {
          throw new ChatException(
              ChatException.Kind.PROTOCOL,
              "the answer stream has a line longer than " + MAX_LINE_BYTES + " bytes");
        }
        line.write(b);
      }
    }
  }

  /** Ends the stream: a last event without its blank line is still delivered. */
  void finish() throws ChatException {
    if (line.size() > 0) {
      endLine();
    }
    dispatch();
  }

  private void endLine() throws ChatException {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    if (text.startsWith(":")) {
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if (field.equals("data")) {
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
      if (data.length() > MAX_EVENT_CHARS) {
        throw new ChatException(
            ChatException.Kind.PROTOCOL,
            "the answer stream has an event longer than " + MAX_EVENT_CHARS + " characters");
      }
    }
  }

  private void dispatch() {
    if (hasData) {
      String d = data.toString();
      data.setLength(0);
      hasData = false;
      onData.accept(d);
    }
  }
}
