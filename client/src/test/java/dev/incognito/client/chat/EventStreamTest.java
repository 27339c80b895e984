package dev.incognito.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamTest {

  private final List<String> events = new ArrayList<>();
  private final EventStream stream = new EventStream(events::add);

  private void feed(String s) throws ChatException {
    stream.feed(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void feed_eventSplitAcrossPiecesAndLineEndings_isDeliveredWhole() throws Exception {
    feed("data: {\"a\"");
    feed(":1}\r");
    feed("\n\r\ndata: second\n");
    assertEquals(List.of("{\"a\":1}"), events);
    feed("\n");
    assertEquals(List.of("{\"a\":1}", "second"), events);
  }

  @Test
  void feed_multiByteCharacterSplitAcrossPieces_decodesOnce() throws Exception {
    byte[] b = "data: é\n\n".getBytes(StandardCharsets.UTF_8);
    stream.feed(java.util.Arrays.copyOfRange(b, 0, 7));
    stream.feed(java.util.Arrays.copyOfRange(b, 7, b.length));
    assertEquals(List.of("é"), events);
  }

  @Test
  void feed_commentsAndOtherFieldsAreIgnored_multipleDataLinesJoin() throws Exception {
    feed(": keep-alive\nevent: x\nid: 3\ndata: one\ndata: two\n\n");
    assertEquals(List.of("one\ntwo"), events);
  }

  @Test
  void finish_deliversALastEventWithoutItsBlankLine() throws Exception {
    feed("data: [DONE]");
    stream.finish();
    assertEquals(List.of("[DONE]"), events);
  }

  @Test
  void feed_rejectsAnOverlongLine() {
    byte[] big = new byte[EventStream.MAX_LINE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    assertThrows(ChatException.class, () -> stream.feed(big));
  }
}
