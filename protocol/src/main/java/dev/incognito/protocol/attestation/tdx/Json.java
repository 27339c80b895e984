package dev.incognito.protocol.attestation.tdx;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Typed field access over Intel collateral JSON, each failure a {@link TdxVerificationException}.
 */
final class Json {

  private Json() {}

  static String string(JsonObject o, String name, String what) throws TdxVerificationException {
    if (o.get(name) instanceof JsonString s) {
      return s.getString();
    }
    throw new TdxVerificationException(what + " lacks string \"" + name + "\"");
  }

  static int integer(JsonObject o, String name, String what) throws TdxVerificationException {
    if (o.get(name) instanceof JsonNumber n && n.isIntegral()) {
      try {
        return n.intValueExact();
      } catch (ArithmeticException e) {
        throw new TdxVerificationException(what + " \"" + name + "\" out of range", e);
      }
    }
    throw new TdxVerificationException(what + " lacks integer \"" + name + "\"");
  }

  static byte[] hex(JsonObject o, String name, int length, String what)
      throws TdxVerificationException {
    String s = string(o, name, what);
    try {
      byte[] b = HexFormat.of().parseHex(s.toLowerCase(java.util.Locale.ROOT));
      if (length >= 0 && b.length != length) {
        throw new TdxVerificationException(what + " \"" + name + "\" is not " + length + " bytes");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new TdxVerificationException(what + " \"" + name + "\" is not hex", e);
    }
  }

  static Instant instant(JsonObject o, String name, String what) throws TdxVerificationException {
    String s = string(o, name, what);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new TdxVerificationException(what + " \"" + name + "\" is not a date", e);
    }
  }

  static JsonObject object(JsonValue v, String what) throws TdxVerificationException {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new TdxVerificationException(what + " is not an object");
  }

  static JsonArray array(JsonObject o, String name, int max, String what)
      throws TdxVerificationException {
    if (o.get(name) instanceof JsonArray a) {
      if (a.size() > max) {
        throw new TdxVerificationException(what + " \"" + name + "\" has over " + max + " items");
      }
      return a;
    }
    throw new TdxVerificationException(what + " lacks array \"" + name + "\"");
  }
}
