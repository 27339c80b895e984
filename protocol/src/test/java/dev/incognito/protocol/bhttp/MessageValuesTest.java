package dev.incognito.protocol.bhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageValuesTest {

  @Test
  void field_rejectsInvalidNamesAndValues() {
    String[] badNames = {"", "Content-Type", "a b", "a:b", ":path", "caf\u00e9", "a\u0000"};
    for (String n : badNames) {
      assertThrows(IllegalArgumentException.class, () -> new Field(n, "v"), n);
    }
    String[] badValues = {"a\rb", "a\nb", "a\u0000b", " a", "a ", "\ta", "a\t", "\u0100"};
    for (String v : badValues) {
      assertThrows(IllegalArgumentException.class, () -> new Field("x", v), v);
    }
    new Field("x-!#$%&'*+-.^_`|~09", "a \t b\u00ff\u0001");
  }

  @Test
  void field_toStringHidesTheValue() {
    String s = new Field("authorization", "PrivateToken token=secret").toString();
    assertFalse(s.contains("secret"), s);
    assertTrue(s.startsWith("authorization"), s);
  }

  @Test
  void request_rejectsInvalidControlData() {
    assertThrows(IllegalArgumentException.class, () -> req("", "https", "", "/"));
    assertThrows(IllegalArgumentException.class, () -> req("G T", "https", "", "/"));
    assertThrows(IllegalArgumentException.class, () -> req("GET", "1http", "", "/"));
    assertThrows(IllegalArgumentException.class, () -> req("GET", "https", "a b", "/"));
    assertThrows(IllegalArgumentException.class, () -> req("GET", "https", "", "/a\r\n"));
    assertThrows(IllegalArgumentException.class, () -> req("GET", "https", "", "/\u00e9"));
    assertThrows(
        IllegalArgumentException.class,
        () -> req("GET", "https", "", "/" + "a".repeat(BinaryHttp.MAX_CONTROL_DATA_BYTES)));
    req("CONNECT", "", "example.com:443", "");
  }

  @Test
  void request_rejectsOversizedSectionsAndContent() {
    List<Field> many = new ArrayList<>();
    for (int i = 0; i <= BinaryHttp.MAX_FIELDS; i++) {
      many.add(new Field("a", ""));
    }
    assertThrows(
        IllegalArgumentException.class, () -> BinaryRequest.get("/", many.toArray(new Field[0])));
    Field big = new Field("a", "b".repeat(BinaryHttp.MAX_FIELD_SECTION_BYTES));
    assertThrows(IllegalArgumentException.class, () -> BinaryRequest.get("/", big));
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryRequest.post("/", "a/b", new byte[BinaryHttp.MAX_REQUEST_CONTENT_BYTES + 1]));
  }

  @Test
  void request_copiesContentInAndOut() {
    byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
    BinaryRequest r = BinaryRequest.post("/v1/chat/completions", "application/json", body);
    body[0] = 'x';
    assertArrayEquals("{}".getBytes(StandardCharsets.US_ASCII), r.content());
    r.content()[0] = 'y';
    assertArrayEquals("{}".getBytes(StandardCharsets.US_ASCII), r.content());
    assertThrows(UnsupportedOperationException.class, () -> r.headers().add(new Field("a", "")));
  }

  @Test
  void post_putsContentTypeFirstThenTheExtraHeaders() {
    BinaryRequest r =
        BinaryRequest.post(
            "/v1/chat/completions",
            "application/json",
            new byte[2],
            new Field("authorization", "PrivateToken token=abc"));
    assertEquals("POST", r.method());
    assertEquals("https", r.scheme());
    assertEquals("", r.authority());
    assertEquals("content-type", r.headers().get(0).name());
    assertEquals(Optional.of("application/json"), r.header("Content-Type"));
    assertEquals(Optional.of("PrivateToken token=abc"), r.header("authorization"));
    assertEquals(Optional.empty(), r.header("accept"));
    assertEquals(2, r.contentLength());
  }

  @Test
  void request_toStringHidesValuesAndContent() {
    BinaryRequest r =
        BinaryRequest.post(
            "/v1/chat/completions",
            "application/json",
            "marker-content".getBytes(StandardCharsets.US_ASCII),
            new Field("authorization", "marker-token"));
    assertFalse(r.toString().contains("marker"), r.toString());
  }

  @Test
  void response_validatesStatusAndCounts() {
    assertThrows(
        IllegalArgumentException.class, () -> BinaryResponse.of(199, List.of(), new byte[0]));
    assertThrows(
        IllegalArgumentException.class, () -> BinaryResponse.of(600, List.of(), new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new InformationalResponse(200, List.of()));
    assertThrows(IllegalArgumentException.class, () -> new InformationalResponse(99, List.of()));
    List<InformationalResponse> info = new ArrayList<>();
    for (int i = 0; i <= BinaryHttp.MAX_INFORMATIONAL_RESPONSES; i++) {
      info.add(new InformationalResponse(100, List.of()));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> new BinaryResponse(info, 200, List.of(), new byte[0], List.of()));
    BinaryResponse r = BinaryResponse.withBody(404, "application/json", new byte[3]);
    assertEquals(Optional.of("application/json"), r.header("content-type"));
    assertFalse(r.toString().contains("application/json"), r.toString());
  }

  @Test
  void equals_comparesContentByValue() {
    assertEquals(
        BinaryResponse.of(200, List.of(), new byte[] {1, 2}),
        BinaryResponse.of(200, List.of(), new byte[] {1, 2}));
    assertEquals(
        BinaryResponse.of(200, List.of(), new byte[] {1, 2}).hashCode(),
        BinaryResponse.of(200, List.of(), new byte[] {1, 2}).hashCode());
    assertFalse(
        BinaryResponse.of(200, List.of(), new byte[] {1, 2})
            .equals(BinaryResponse.of(200, List.of(), new byte[] {1, 3})));
  }

  private static BinaryRequest req(String method, String scheme, String authority, String path) {
    return new BinaryRequest(method, scheme, authority, path, List.of(), new byte[0], List.of());
  }
}
