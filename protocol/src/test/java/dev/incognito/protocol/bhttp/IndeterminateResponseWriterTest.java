package dev.incognito.protocol.bhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndeterminateResponseWriterTest {

  @Test
  void pieces_concatenateToTheOneShotIndeterminateEncoding() throws Exception {
    for (Vectors.Example ex : Vectors.examples()) {
      if (ex.isRequest()) {
        continue;
      }
      BinaryResponse res = (BinaryResponse) ex.decoded();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      IndeterminateResponseWriter w = IndeterminateResponseWriter.to(out);
      for (InformationalResponse info : res.informational()) {
        w.informational(info);
      }
      w.head(res.status(), res.headers());
      w.content(res.content());
      w.finish(res.trailers());
      assertArrayEquals(BinaryHttp.encodeIndeterminate(res), out.toByteArray(), ex.name());
    }
  }

  @Test
  void pieces_areOnePerCallWithTheFramingIndicatorFirst() throws Exception {
    List<byte[]> pieces = new ArrayList<>();
    IndeterminateResponseWriter w = new IndeterminateResponseWriter(pieces::add);
    w.informational(new InformationalResponse(102, List.of()));
    w.head(200, List.of());
    w.content(new byte[0]);
    w.content("abc".getBytes(StandardCharsets.US_ASCII), 1, 2);
    w.finish();
    assertEquals(4, pieces.size());
    assertArrayEquals(new byte[] {3, 0x40, 102, 0}, pieces.get(0));
    assertArrayEquals(new byte[] {0x40, (byte) 200, 0}, pieces.get(1));
    assertArrayEquals(new byte[] {2, 'b', 'c'}, pieces.get(2));
    assertArrayEquals(new byte[] {0, 0}, pieces.get(3));
  }

  @Test
  void calls_outOfOrderThrowIllegalState() throws Exception {
    IndeterminateResponseWriter w = new IndeterminateResponseWriter(p -> {});
    assertThrows(IllegalStateException.class, () -> w.content(new byte[1]));
    assertThrows(IllegalStateException.class, w::finish);
    w.head(200, List.of());
    assertThrows(IllegalStateException.class, () -> w.head(200, List.of()));
    assertThrows(
        IllegalStateException.class,
        () -> w.informational(new InformationalResponse(100, List.of())));
    w.finish();
    assertThrows(IllegalStateException.class, () -> w.content(new byte[1]));
    assertThrows(IllegalStateException.class, w::finish);
  }

  @Test
  void head_rejectsNonFinalStatusAndOversizedHeaderSection() {
    IndeterminateResponseWriter w = new IndeterminateResponseWriter(p -> {});
    assertThrows(IllegalArgumentException.class, () -> w.head(199, List.of()));
    assertThrows(IllegalArgumentException.class, () -> w.head(600, List.of()));
    List<Field> tooMany = new ArrayList<>();
    for (int i = 0; i <= BinaryHttp.MAX_FIELDS; i++) {
      tooMany.add(new Field("a", "b"));
    }
    assertThrows(IllegalArgumentException.class, () -> w.head(200, tooMany));
  }
}
