package dev.incognito.protocol.bhttp;

import static dev.incognito.protocol.bhttp.Messages.cat;
import static dev.incognito.protocol.bhttp.Messages.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BinaryHttpTest {

  private static final HexFormat HEX = HexFormat.of();

  // ---------------------------------------------------------------------------------------------
  // RFC 9292 examples (../shared/vectors/bhttp)

  @Test
  void decode_everyRfc9292ExampleGivesItsDecodedStructure() throws Exception {
    List<Vectors.Example> examples = Vectors.examples();
    assertEquals(7, examples.size());
    for (Vectors.Example ex : examples) {
      assertEquals(ex.decoded(), decode(ex.isRequest(), ex.bytes()), ex.name());
    }
  }

  @Test
  void decode_rejectsExampleOfTheOtherDirection() throws Exception {
    for (Vectors.Example ex : Vectors.examples()) {
      BinaryHttpException e =
          assertThrows(BinaryHttpException.class, () -> decode(!ex.isRequest(), ex.bytes()));
      assertTrue(e.getMessage().startsWith("framing indicator " + ex.framing()), e.getMessage());
    }
  }

  @Test
  void encode_reproducesEveryUntruncatedExampleByteExact() throws Exception {
    int exact = 0;
    for (Vectors.Example ex : Vectors.examples()) {
      byte[] encoded = encode(ex.decoded(), ex.framing() < 2);
      if (ex.name().startsWith("ohttp-")) {
        continue; // truncated; see the next test
      }
      byte[] expected = Arrays.copyOf(ex.bytes(), ex.bytes().length - ex.paddingBytes());
      assertArrayEquals(expected, encoded, ex.name());
      assertArrayEquals(ex.bytes(), Padding.padTo(encoded, ex.bytes().length), ex.name());
      exact++;
    }
    assertEquals(5, exact);
  }

  @Test
  void encode_ofTruncatedExamplesDiffersOnlyByTheZeroLengthSections() throws Exception {
    for (Vectors.Example ex : Vectors.examples()) {
      if (!ex.name().startsWith("ohttp-")) {
        continue;
      }
      byte[] encoded = encode(ex.decoded(), true);
      // Known-length: header section, content and trailer section each encoded as length 0.
      assertArrayEquals(cat(ex.bytes(), zeros(3)), encoded, ex.name());
    }
  }

  @Test
  void decode_removingTrailingZerosUpToTheLastSectionBoundaryKeepsMeaning() throws Exception {
    // Bytes removable from the end without changing meaning, from the examples' notes and RFC
    // 9292 §3.8: only empty trailing sections (and padding) may go.
    Map<String, Integer> removable =
        Map.of(
            "known-length-request", 2,
            "indeterminate-length-request", 12,
            "indeterminate-length-response-with-informational", 1,
            "known-length-response-from-chunked", 0,
            "ohttp-example-request", 0,
            "ohttp-example-response", 0,
            "indeterminate-length-response-from-chunked", 0);
    for (Vectors.Example ex : Vectors.examples()) {
      int n = removable.get(ex.name());
      byte[] b = ex.bytes();
      for (int k = 1; k <= n; k++) {
        assertEquals(0, b[b.length - k], ex.name());
        assertEquals(
            ex.decoded(),
            decode(ex.isRequest(), Arrays.copyOf(b, b.length - k)),
            ex.name() + " -" + k);
      }
      assertThrows(
          BinaryHttpException.class,
          () -> decode(ex.isRequest(), Arrays.copyOf(b, b.length - n - 1)),
          ex.name() + " -" + (n + 1));
    }
  }

  @Test
  void decode_acceptsZeroPaddingOnEveryExample() throws Exception {
    for (Vectors.Example ex : Vectors.examples()) {
      for (int pad : new int[] {1, 7, 300}) {
        assertEquals(ex.decoded(), decode(ex.isRequest(), cat(ex.bytes(), zeros(pad))), ex.name());
      }
      byte[] bucketed = Padding.padToBucket(ex.bytes());
      assertEquals(Padding.bucketFor(ex.bytes().length), bucketed.length);
      assertEquals(ex.decoded(), decode(ex.isRequest(), bucketed), ex.name());
    }
  }

  @Test
  void decode_rejectsNonZeroPaddingOnEveryExample() throws Exception {
    for (Vectors.Example ex : Vectors.examples()) {
      for (byte bad : new byte[] {1, (byte) 0x80, (byte) 0xFF}) {
        byte[] padded = cat(ex.bytes(), zeros(5), new byte[] {bad}, zeros(2));
        BinaryHttpException e =
            assertThrows(
                BinaryHttpException.class, () -> decode(ex.isRequest(), padded), ex.name());
        assertTrue(e.getMessage().contains("padding must be zeros"), e.getMessage());
      }
    }
  }

  @Test
  void decode_nonZeroPaddingMessageNamesTheOffset() {
    // Known-length response 200, then three zero-length sections, one zero, then 0x01.
    byte[] m = cat(1, 200, 0, 0, 0, 0, 1);
    BinaryHttpException e =
        assertThrows(BinaryHttpException.class, () -> BinaryHttp.decodeResponse(m));
    assertEquals(
        "padding byte at offset 7 is 0x01; padding must be zeros (RFC 9292 §3.8)", e.getMessage());
  }

  @Test
  void decode_acceptsNonMinimalIntegerEncodings() throws Exception {
    // RFC 9458 Appendix A's response 0140c8 with framing on 2 bytes, status on 8.
    byte[] m = HEX.parseHex("4001c0000000000000c8");
    assertEquals(BinaryResponse.of(200, List.of(), new byte[0]), BinaryHttp.decodeResponse(m));
  }

  // ---------------------------------------------------------------------------------------------
  // Round trips

  @Test
  void roundTrip_randomRequestsAndResponsesInBothForms() throws Exception {
    Random rnd = new Random(9292);
    for (int i = 0; i < 400; i++) {
      BinaryRequest req = Messages.request(rnd);
      assertEquals(req, BinaryHttp.decodeRequest(BinaryHttp.encode(req)));
      assertEquals(req, BinaryHttp.decodeRequest(BinaryHttp.encodeIndeterminate(req)));
      assertEquals(req, BinaryHttp.decodeRequest(Padding.padToBucket(BinaryHttp.encode(req))));
      BinaryResponse res = Messages.response(rnd);
      assertEquals(res, BinaryHttp.decodeResponse(BinaryHttp.encode(res)));
      assertEquals(res, BinaryHttp.decodeResponse(BinaryHttp.encodeIndeterminate(res)));
      assertEquals(
          res, BinaryHttp.decodeResponse(Padding.padToBucket(BinaryHttp.encodeIndeterminate(res))));
    }
  }

  @Test
  void roundTrip_keepsOctetValuesAndRepeatedFieldsInOrder() throws Exception {
    List<Field> headers =
        List.of(
            new Field("set-cookie", "a=1"),
            new Field("x-latin1", "caf\u00e9 \u00ff\u0001"),
            new Field("set-cookie", "b=2"),
            new Field("empty", ""));
    BinaryResponse res =
        new BinaryResponse(
            List.of(new InformationalResponse(103, List.of(new Field("link", "</a>")))),
            204,
            headers,
            new byte[0],
            List.of(new Field("digest", "x")));
    for (byte[] enc : List.of(BinaryHttp.encode(res), BinaryHttp.encodeIndeterminate(res))) {
      BinaryResponse back = BinaryHttp.decodeResponse(enc);
      assertEquals(res, back);
      assertEquals(List.of("a=1", "b=2"), back.headerValues("Set-Cookie"));
      assertEquals("caf\u00e9 \u00ff\u0001", back.header("x-latin1").orElseThrow());
    }
  }

  @Test
  void encode_usesFramingIndicatorOfEachForm() {
    BinaryRequest req = BinaryRequest.get("/v1/models");
    BinaryResponse res = BinaryResponse.of(200, List.of(), new byte[0]);
    assertEquals(0, BinaryHttp.encode(req)[0]);
    assertEquals(2, BinaryHttp.encodeIndeterminate(req)[0]);
    assertEquals(1, BinaryHttp.encode(res)[0]);
    assertEquals(3, BinaryHttp.encodeIndeterminate(res)[0]);
  }

  // ---------------------------------------------------------------------------------------------
  // Truncation (RFC 9292 §3.8, RFC 9458 Appendix A)

  @Test
  void truncation_acceptedExactlyAtSectionBoundariesOfAKnownRequest() throws Exception {
    BinaryRequest req =
        new BinaryRequest(
            "POST",
            "https",
            "",
            "/v1/x",
            List.of(new Field("a", "b")),
            "hi".getBytes(StandardCharsets.US_ASCII),
            List.of(new Field("t", "v")));
    // framing 1 + control 18 = 19; header section 1+4; content 1+2; trailer section 1+4.
    assertEquals(Set.of(19, 24, 27, 32), acceptedPrefixes(req, true));
    // header section 4+1; content chunk 1+2, terminator 1; trailer section 4+1.
    assertEquals(Set.of(19, 24, 28, 33), acceptedPrefixes(req, false));
  }

  @Test
  void truncation_everyPrefixOfRandomMessagesIsATruncatedMessageOrRejected() throws Exception {
    Random rnd = new Random(3_8);
    for (int i = 0; i < 60; i++) {
      BinaryRequest req = Messages.request(rnd);
      BinaryResponse res = Messages.response(rnd);
      for (boolean known : new boolean[] {true, false}) {
        checkPrefixes(req, known);
        checkPrefixes(res, known);
      }
    }
  }

  @Test
  void truncation_everyPrefixOfTheExamplesIsATruncatedMessageOrRejected() throws Exception {
    for (Vectors.Example ex : Vectors.examples()) {
      checkPrefixes(ex.decoded(), ex.framing() < 2);
    }
  }

  @Test
  void truncation_beforeTheFinalStatusIsRejected() {
    // Known-length response: 103 with an empty header section, then nothing.
    BinaryHttpException e =
        assertThrows(BinaryHttpException.class, () -> BinaryHttp.decodeResponse(cat(1, 103, 0)));
    assertTrue(e.getMessage().contains("before the final response control data"), e.getMessage());
    assertThrows(BinaryHttpException.class, () -> BinaryHttp.decodeResponse(new byte[0]));
    assertThrows(BinaryHttpException.class, () -> BinaryHttp.decodeRequest(cat(0, 3, "GET")));
  }

  @Test
  void truncation_insideIndeterminateContentIsRejected() {
    // Response 200, empty header section, one chunk "ab", no content terminator.
    BinaryHttpException e =
        assertThrows(
            BinaryHttpException.class, () -> BinaryHttp.decodeResponse(cat(3, 200, 0, 2, "ab")));
    assertTrue(e.getMessage().contains("before its terminator"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Caps

  @Test
  void caps_knownFieldSectionLengthOverCapIsRejectedByName() {
    byte[] m = cat(1, 200, 70_000);
    BinaryHttpLimitException e =
        assertThrows(BinaryHttpLimitException.class, () -> BinaryHttp.decodeResponse(m));
    assertEquals(
        "header section length 70000 exceeds MAX_FIELD_SECTION_BYTES 65536", e.getMessage());
    assertEquals("MAX_FIELD_SECTION_BYTES", e.limitName());
  }

  @Test
  void caps_hugeDeclaredLengthsAreRejectedBeforeAllocation() {
    long huge = QuicVarint.MAX_VALUE;
    List<byte[]> requests =
        List.of(
            cat(0, huge),
            cat(0, 3, "GET", 5, "https", 0, huge),
            cat(0, 3, "GET", 5, "https", 0, 1, "/", huge),
            cat(0, 3, "GET", 5, "https", 0, 1, "/", 0, huge),
            cat(0, 3, "GET", 5, "https", 0, 1, "/", 0, 0, huge),
            cat(2, 3, "GET", 5, "https", 0, 1, "/", huge),
            cat(2, 3, "GET", 5, "https", 0, 1, "/", 1, "a", huge),
            cat(2, 3, "GET", 5, "https", 0, 1, "/", 0, 1, "x", huge),
            cat(2, 3, "GET", 5, "https", 0, 1, "/", 0, 0, 1, "a", 70_000L));
    for (byte[] m : requests) {
      assertThrows(
          BinaryHttpLimitException.class, () -> BinaryHttp.decodeRequest(m), HEX.formatHex(m));
    }
  }

  @Test
  void caps_contentOverTheCallersCapIsRejected() throws Exception {
    BinaryRequest req = BinaryRequest.post("/p", "text/plain", new byte[11]);
    for (byte[] m : List.of(BinaryHttp.encode(req), BinaryHttp.encodeIndeterminate(req))) {
      assertEquals(req, BinaryHttp.decodeRequest(m, 11));
      BinaryHttpLimitException e =
          assertThrows(BinaryHttpLimitException.class, () -> BinaryHttp.decodeRequest(m, 10));
      assertEquals("content length 11 exceeds the content cap 10", e.getMessage());
    }
    // Indeterminate chunks are summed: 8 + 8 > 15.
    byte[] chunks = cat(3, 200, 0, 8, zeros(8), 8, zeros(8), 0, 0);
    assertEquals(16, BinaryHttp.decodeResponse(chunks, 16).contentLength());
    assertThrows(BinaryHttpLimitException.class, () -> BinaryHttp.decodeResponse(chunks, 15));
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryHttp.decodeRequest(chunks, BinaryHttp.MAX_REQUEST_CONTENT_BYTES + 1));
  }

  @Test
  void caps_requestContentDefaultsToMaxRequestContentBytes() {
    byte[] m = cat(0, 3, "GET", 0, 0, 0, 0, (long) BinaryHttp.MAX_REQUEST_CONTENT_BYTES + 1);
    BinaryHttpLimitException e =
        assertThrows(BinaryHttpLimitException.class, () -> BinaryHttp.decodeRequest(m));
    assertEquals("MAX_REQUEST_CONTENT_BYTES", e.limitName());
  }

  @Test
  void caps_fieldCountOverMaxFieldsIsRejected() throws Exception {
    List<Object> parts = new ArrayList<>(List.of(3, 200));
    for (int i = 0; i < BinaryHttp.MAX_FIELDS; i++) {
      parts.add(1);
      parts.add("a");
      parts.add(0);
    }
    byte[] atCap = cat(cat(parts.toArray()), 0);
    assertEquals(BinaryHttp.MAX_FIELDS, BinaryHttp.decodeResponse(atCap).headers().size());
    byte[] overCap = cat(cat(parts.toArray()), 1, "a", 0, 0);
    BinaryHttpLimitException e =
        assertThrows(BinaryHttpLimitException.class, () -> BinaryHttp.decodeResponse(overCap));
    assertEquals("header section field count 257 exceeds MAX_FIELDS 256", e.getMessage());
  }

  @Test
  void caps_informationalResponsesOverMaxAreRejected() throws Exception {
    List<Object> parts = new ArrayList<>(List.of(1));
    for (int i = 0; i < BinaryHttp.MAX_INFORMATIONAL_RESPONSES; i++) {
      parts.add(100);
      parts.add(0);
    }
    assertEquals(
        BinaryHttp.MAX_INFORMATIONAL_RESPONSES,
        BinaryHttp.decodeResponse(cat(cat(parts.toArray()), 200)).informational().size());
    byte[] over = cat(cat(parts.toArray()), 100, 0, 200);
    BinaryHttpLimitException e =
        assertThrows(BinaryHttpLimitException.class, () -> BinaryHttp.decodeResponse(over));
    assertEquals("MAX_INFORMATIONAL_RESPONSES", e.limitName());
  }

  // ---------------------------------------------------------------------------------------------
  // Invalid messages (RFC 9292 §4)

  @Test
  void decode_rejectsInvalidMessagesNamingTheProblem() {
    Object[][] cases = {
      {cat(4), "framing indicator 4 is not one of 0..3"},
      {cat(1, 99), "status code 99 is outside 100..599"},
      {cat(1, 600), "status code 600 is outside 100..599"},
      {cat(1, 200, 2, 0, 0), "field name of length 0"},
      {cat(1, 200, 3, 1, "A", 0), "upper-case"},
      {cat(1, 200, 4, 1, "a", 1, "\r"), "NUL, CR or LF"},
      {cat(1, 200, 4, 1, "a", 1, " "), "SP or HTAB"},
      {cat(1, 200, 3, 1, ":", 0), "not a token character"},
      {cat(1, 200, 3, 1, "a", 5, "xyz"), "runs past the end of the section"},
      {cat(3, 200, 0, 0, 1, "b", 0), "inside the trailer section"},
    };
    for (Object[] c : cases) {
      byte[] m = (byte[]) c[0];
      BinaryHttpException e =
          assertThrows(
              BinaryHttpException.class, () -> BinaryHttp.decodeResponse(m), HEX.formatHex(m));
      assertTrue(
          e.getMessage().contains((String) c[1]), e.getMessage() + " for " + HEX.formatHex(m));
    }
    BinaryHttpException e =
        assertThrows(
            BinaryHttpException.class,
            () -> BinaryHttp.decodeRequest(cat(0, 3, "G T", 5, "https", 0, 1, "/")));
    assertTrue(e.getMessage().startsWith("invalid request control data: method"), e.getMessage());
  }

  // ---------------------------------------------------------------------------------------------

  static Object decode(boolean request, byte[] m) throws BinaryHttpException {
    return request ? BinaryHttp.decodeRequest(m) : BinaryHttp.decodeResponse(m);
  }

  static byte[] encode(Object message, boolean known) {
    if (message instanceof BinaryRequest r) {
      return known ? BinaryHttp.encode(r) : BinaryHttp.encodeIndeterminate(r);
    }
    BinaryResponse r = (BinaryResponse) message;
    return known ? BinaryHttp.encode(r) : BinaryHttp.encodeIndeterminate(r);
  }

  private static Set<Integer> acceptedPrefixes(Object message, boolean known) throws Exception {
    byte[] m = encode(message, known);
    Set<Integer> accepted = new TreeSet<>();
    for (int p = 0; p <= m.length; p++) {
      try {
        decode(message instanceof BinaryRequest, Arrays.copyOf(m, p));
        accepted.add(p);
      } catch (BinaryHttpException expected) {
        // a truncation inside a section
      }
    }
    return accepted;
  }

  /**
   * Every prefix decodes to the message with its trailing sections emptied exactly when it ends at
   * a section boundary, and otherwise fails with BinaryHttpException (any other exception fails the
   * test).
   */
  static void checkPrefixes(Object message, boolean known) throws Exception {
    byte[] m = encode(message, known);
    int[] bounds = boundaries(message, known);
    List<Object> truncated = truncations(message);
    boolean request = message instanceof BinaryRequest;
    Set<Integer> prefixes = new TreeSet<>();
    if (m.length <= 3000) {
      for (int p = 0; p <= m.length; p++) {
        prefixes.add(p);
      }
    } else {
      // Long content: every prefix near a boundary, and a seeded sample of the rest.
      for (int b : bounds) {
        for (int d = -3; d <= 3; d++) {
          prefixes.add(Math.max(0, Math.min(m.length, b + d)));
        }
      }
      Random rnd = new Random(m.length);
      for (int i = 0; i < 300; i++) {
        prefixes.add(rnd.nextInt(m.length + 1));
      }
    }
    for (int p : prefixes) {
      int index = indexOf(bounds, p);
      try {
        Object got = decode(request, Arrays.copyOf(m, p));
        if (index < 0) {
          fail("prefix " + p + " of " + m.length + " decoded but is not a section boundary");
        }
        assertEquals(truncated.get(index), got, "prefix " + p);
      } catch (BinaryHttpException e) {
        if (index >= 0) {
          fail("prefix " + p + " ends at a section boundary but was rejected: " + e.getMessage());
        }
      }
    }
  }

  private static int indexOf(int[] a, int v) {
    int found = -1;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        found = i; // the last: later boundaries keep more of the message
      }
    }
    return found;
  }

  /** Ends of: control data, header section, content, trailer section. */
  static int[] boundaries(Object message, boolean known) {
    int control = 1;
    List<Field> headers;
    int contentLength;
    List<Field> trailers;
    if (message instanceof BinaryRequest r) {
      for (String s : List.of(r.method(), r.scheme(), r.authority(), r.path())) {
        control += QuicVarint.encodedLength(s.length()) + s.length();
      }
      headers = r.headers();
      contentLength = r.contentLength();
      trailers = r.trailers();
    } else {
      BinaryResponse r = (BinaryResponse) message;
      for (InformationalResponse info : r.informational()) {
        control += QuicVarint.encodedLength(info.status()) + section(info.headers(), known);
      }
      control += QuicVarint.encodedLength(r.status());
      headers = r.headers();
      contentLength = r.contentLength();
      trailers = r.trailers();
    }
    int h = control + section(headers, known);
    int c =
        h
            + (known
                ? QuicVarint.encodedLength(contentLength) + contentLength
                : (contentLength > 0 ? QuicVarint.encodedLength(contentLength) + contentLength : 0)
                    + 1);
    int t = c + section(trailers, known);
    return new int[] {control, h, c, t};
  }

  private static int section(List<Field> fields, boolean known) {
    int len = (int) BinaryHttp.sectionLength(fields);
    return known ? QuicVarint.encodedLength(len) + len : len + 1;
  }

  /** The message truncated after control data, header section, content, trailer section. */
  private static List<Object> truncations(Object message) {
    if (message instanceof BinaryRequest r) {
      return List.of(
          new BinaryRequest(
              r.method(), r.scheme(), r.authority(), r.path(), List.of(), new byte[0], List.of()),
          new BinaryRequest(
              r.method(), r.scheme(), r.authority(), r.path(), r.headers(), new byte[0], List.of()),
          new BinaryRequest(
              r.method(), r.scheme(), r.authority(), r.path(), r.headers(), r.content(), List.of()),
          r);
    }
    BinaryResponse r = (BinaryResponse) message;
    return List.of(
        new BinaryResponse(r.informational(), r.status(), List.of(), new byte[0], List.of()),
        new BinaryResponse(r.informational(), r.status(), r.headers(), new byte[0], List.of()),
        new BinaryResponse(r.informational(), r.status(), r.headers(), r.content(), List.of()),
        r);
  }
}
