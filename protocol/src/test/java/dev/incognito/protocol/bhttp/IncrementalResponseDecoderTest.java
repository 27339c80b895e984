package dev.incognito.protocol.bhttp;

import static dev.incognito.protocol.bhttp.Messages.cat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IncrementalResponseDecoderTest {

  @Test
  void feed_anyTwoWaySplitOfTheResponseExamplesGivesTheSameResponse() throws Exception {
    for (Vectors.Example ex : Vectors.examples()) {
      if (ex.isRequest()) {
        continue;
      }
      byte[] m = ex.bytes();
      for (int cut = 0; cut <= m.length; cut++) {
        assertEquals(
            ex.decoded(),
            decodeInPieces(m, List.of(cut, m.length - cut)).response,
            ex.name() + " cut " + cut);
      }
      assertEquals(ex.decoded(), decodeInPieces(m, ones(m.length)).response, ex.name());
    }
  }

  @Test
  void feed_randomSplitsGiveTheSameContentAndResponseAsOneShotDecoding() throws Exception {
    Random rnd = new Random(458);
    for (int i = 0; i < 300; i++) {
      BinaryResponse res = Messages.response(rnd);
      byte[] m = rnd.nextBoolean() ? BinaryHttp.encode(res) : BinaryHttp.encodeIndeterminate(res);
      if (rnd.nextBoolean()) {
        m = Padding.padToBucket(m);
      }
      Decoded d = decodeInPieces(m, randomSplit(rnd, m.length));
      assertArrayEquals(res.content(), d.deltas);
      assertEquals(res, d.response);
    }
  }

  @Test
  void finish_acceptsAndRejectsExactlyTheTruncationsOneShotDecodingDoes() throws Exception {
    Random rnd = new Random(98);
    List<byte[]> messages = new ArrayList<>();
    for (Vectors.Example ex : Vectors.examples()) {
      if (!ex.isRequest()) {
        messages.add(ex.bytes());
      }
    }
    for (int i = 0; i < 20; i++) {
      BinaryResponse res = Messages.response(rnd);
      messages.add(i % 2 == 0 ? BinaryHttp.encode(res) : BinaryHttp.encodeIndeterminate(res));
    }
    for (byte[] full : messages) {
      int step = full.length > 3000 ? 97 : 1;
      for (int p = 0; p <= full.length; p += step) {
        byte[] m = Arrays.copyOf(full, p);
        BinaryResponse oneShot;
        try {
          oneShot = BinaryHttp.decodeResponse(m);
        } catch (BinaryHttpException e) {
          oneShot = null;
        }
        BinaryResponse incremental;
        try {
          incremental = decodeInPieces(m, randomSplit(rnd, m.length)).response;
        } catch (BinaryHttpException e) {
          incremental = null;
        }
        assertEquals(oneShot, incremental, "prefix " + p);
      }
    }
  }

  @Test
  void feed_streamsContentBeforeTheMessageEnds() throws Exception {
    BinaryResponse res =
        new BinaryResponse(
            List.of(new InformationalResponse(103, List.of(new Field("link", "</s.css>")))),
            200,
            List.of(new Field("content-type", "text/event-stream")),
            "data: hello\n\ndata: world\n\n".getBytes(StandardCharsets.UTF_8),
            List.of());
    for (byte[] m : List.of(BinaryHttp.encode(res), BinaryHttp.encodeIndeterminate(res))) {
      int contentStart = m.length - res.contentLength() - (m[0] == 1 ? 1 : 2);
      IncrementalResponseDecoder dec = new IncrementalResponseDecoder();
      assertEquals(0, dec.feed(Arrays.copyOf(m, contentStart)).length);
      assertTrue(dec.headComplete());
      assertEquals(200, dec.status());
      assertEquals("text/event-stream", dec.headers().get(0).value());
      assertEquals(103, dec.informational().get(0).status());
      byte[] first = dec.feed(Arrays.copyOfRange(m, contentStart, contentStart + 13));
      assertEquals("data: hello\n\n", new String(first, StandardCharsets.UTF_8));
      byte[] rest = dec.feed(Arrays.copyOfRange(m, contentStart + 13, m.length));
      assertEquals("data: world\n\n", new String(rest, StandardCharsets.UTF_8));
      assertEquals(res, dec.finish());
    }
  }

  @Test
  void feed_readsWhatIndeterminateResponseWriterStreams() throws Exception {
    List<byte[]> pieces = new ArrayList<>();
    IndeterminateResponseWriter w = new IndeterminateResponseWriter(pieces::add);
    w.head(200, List.of(new Field("content-type", "text/event-stream")));
    IncrementalResponseDecoder dec = new IncrementalResponseDecoder();
    assertEquals(0, dec.feed(pieces.get(0)).length);
    assertTrue(dec.headComplete());
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    for (String token : List.of("The", " answer", " is", " 42", ".")) {
      w.content(token.getBytes(StandardCharsets.UTF_8));
      byte[] delta = dec.feed(pieces.get(pieces.size() - 1));
      assertEquals(token, new String(delta, StandardCharsets.UTF_8));
      seen.writeBytes(delta);
    }
    w.finish(List.of(new Field("x-tokens", "5")));
    assertEquals(0, dec.feed(pieces.get(pieces.size() - 1)).length);
    BinaryResponse res = dec.finish();
    assertEquals("The answer is 42.", new String(res.content(), StandardCharsets.UTF_8));
    assertArrayEquals(seen.toByteArray(), res.content());
    assertEquals("5", res.trailers().get(0).value());
  }

  @Test
  void headers_beforeTheHeaderSectionArrivesThrow() throws Exception {
    IncrementalResponseDecoder dec = new IncrementalResponseDecoder();
    dec.feed(cat(3, 200, 1, "a"));
    assertFalse(dec.headComplete());
    assertThrows(IllegalStateException.class, dec::status);
    assertThrows(IllegalStateException.class, dec::headers);
  }

  @Test
  void feed_afterAFailureKeepsFailing() {
    IncrementalResponseDecoder dec = new IncrementalResponseDecoder();
    assertThrows(BinaryHttpException.class, () -> dec.feed(cat(0)));
    assertThrows(BinaryHttpException.class, () -> dec.feed(cat(1, 200)));
    assertThrows(BinaryHttpException.class, dec::finish);
  }

  @Test
  void feed_enforcesTheContentCapAcrossChunks() throws Exception {
    IncrementalResponseDecoder dec = new IncrementalResponseDecoder(10);
    assertEquals(6, dec.feed(cat(3, 200, 0, 6, "abcdef")).length);
    BinaryHttpLimitException e =
        assertThrows(BinaryHttpLimitException.class, () -> dec.feed(cat(5, "ghijk")));
    assertEquals("content length 11 exceeds the content cap 10", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IncrementalResponseDecoder(-1));
  }

  @Test
  void feed_rejectsHugeDeclaredLengthsBeforeBuffering() {
    long huge = QuicVarint.MAX_VALUE;
    for (byte[] m :
        List.of(
            cat(1, 200, huge),
            cat(1, 200, 0, huge),
            cat(1, 200, 0, 0, huge),
            cat(3, 200, 1, "a", huge),
            cat(3, 200, 0, huge),
            cat(3, 103, huge))) {
      assertThrows(BinaryHttpLimitException.class, () -> new IncrementalResponseDecoder().feed(m));
    }
  }

  @Test
  void feed_rejectsARequest() {
    IncrementalResponseDecoder dec = new IncrementalResponseDecoder();
    BinaryHttpException e =
        assertThrows(
            BinaryHttpException.class,
            () -> dec.feed(BinaryHttp.encode(BinaryRequest.get("/v1/models"))));
    assertTrue(e.getMessage().contains("marks a request"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------

  record Decoded(byte[] deltas, BinaryResponse response) {}

  static Decoded decodeInPieces(byte[] m, List<Integer> sizes) throws BinaryHttpException {
    IncrementalResponseDecoder dec = new IncrementalResponseDecoder();
    ByteArrayOutputStream deltas = new ByteArrayOutputStream();
    int off = 0;
    for (int size : sizes) {
      // Pieces come from a larger array to exercise offsets.
      byte[] holder = new byte[size + 2];
      System.arraycopy(m, off, holder, 1, size);
      deltas.writeBytes(dec.feed(holder, 1, size));
      off += size;
    }
    assertEquals(m.length, off);
    BinaryResponse res = dec.finish();
    assertArrayEquals(res.content(), deltas.toByteArray());
    return new Decoded(deltas.toByteArray(), res);
  }

  static List<Integer> randomSplit(Random rnd, int length) {
    List<Integer> sizes = new ArrayList<>();
    int left = length;
    while (left > 0) {
      int n =
          switch (rnd.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 1 + rnd.nextInt(8);
            case 2 -> 0;
            default -> 1 + rnd.nextInt(Math.max(1, left));
          };
      n = Math.min(n, left);
      sizes.add(n);
      left -= n;
    }
    return sizes;
  }

  private static List<Integer> ones(int n) {
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sizes.add(1);
    }
    return sizes;
  }
}
