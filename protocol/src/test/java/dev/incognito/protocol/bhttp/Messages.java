package dev.incognito.protocol.bhttp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random messages and byte-building helpers for the codec tests. */
final class Messages {

  private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_.!#$%&'*+^`|~";

  private Messages() {}

  /** Concatenates parts: Integer/Long as a shortest varint, String as ASCII, byte[] raw. */
  static byte[] cat(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof Integer i) {
        out.writeBytes(QuicVarint.encode(i));
      } else if (p instanceof Long l) {
        out.writeBytes(QuicVarint.encode(l));
      } else if (p instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
      } else if (p instanceof byte[] b) {
        out.writeBytes(b);
      } else {
        throw new IllegalArgumentException(String.valueOf(p));
      }
    }
    return out.toByteArray();
  }

  static byte[] zeros(int n) {
    return new byte[n];
  }

  static List<Field> fields(Random rnd, int max) {
    int n = rnd.nextInt(max + 1);
    List<Field> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(field(rnd));
    }
    return out;
  }

  static Field field(Random rnd) {
    StringBuilder name = new StringBuilder();
    int nameLen = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 80 : 12);
    for (int i = 0; i < nameLen; i++) {
      name.append(NAME_CHARS.charAt(rnd.nextInt(NAME_CHARS.length())));
    }
    StringBuilder value = new StringBuilder();
    int valueLen = rnd.nextInt(rnd.nextInt(10) == 0 ? 300 : 20);
    for (int i = 0; i < valueLen; i++) {
      char c;
      do {
        c = (char) (rnd.nextBoolean() ? 0x20 + rnd.nextInt(0x5F) : 0x09 + rnd.nextInt(0xF7));
      } while (c == '\r' || c == '\n');
      value.append(c);
    }
    String v = value.toString();
    int a = 0;
    int b = v.length();
    while (a < b && (v.charAt(a) == ' ' || v.charAt(a) == '\t')) {
      a++;
    }
    while (b > a && (v.charAt(b - 1) == ' ' || v.charAt(b - 1) == '\t')) {
      b--;
    }
    v = v.substring(a, b);
    return new Field(name.toString(), v);
  }

  static byte[] content(Random rnd) {
    int size =
        switch (rnd.nextInt(6)) {
          case 0 -> 0;
          case 1 -> 1 + rnd.nextInt(63);
          case 2, 3 -> rnd.nextInt(400);
          case 4 -> 16_000 + rnd.nextInt(1000);
          default -> rnd.nextInt(70);
        };
    byte[] b = new byte[size];
    rnd.nextBytes(b);
    return b;
  }

  static BinaryRequest request(Random rnd) {
    String[] methods = {"GET", "POST", "PUT", "DELETE", "OPTIONS", "M-SEARCH"};
    String[] schemes = {"https", "http", "", "coap+tcp"};
    String[] authorities = {"", "example.com", "gateway.local:8443", "[::1]:80"};
    String[] paths = {"/", "/v1/chat/completions", "/v1/models?x=1&y=%20", "", "*"};
    return new BinaryRequest(
        methods[rnd.nextInt(methods.length)],
        schemes[rnd.nextInt(schemes.length)],
        authorities[rnd.nextInt(authorities.length)],
        paths[rnd.nextInt(paths.length)],
        fields(rnd, 6),
        content(rnd),
        rnd.nextInt(3) == 0 ? fields(rnd, 3) : List.of());
  }

  static BinaryResponse response(Random rnd) {
    List<InformationalResponse> info = new ArrayList<>();
    int n = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0;
    for (int i = 0; i < n; i++) {
      info.add(new InformationalResponse(100 + rnd.nextInt(100), fields(rnd, 3)));
    }
    return new BinaryResponse(
        info,
        200 + rnd.nextInt(400),
        fields(rnd, 6),
        content(rnd),
        rnd.nextInt(3) == 0 ? fields(rnd, 3) : List.of());
  }
}
