package dev.incognito.protocol.attestation.tdx;

import dev.incognito.protocol.attestation.Ecdsa;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * A signed Intel PCS collateral body, {@code {"<key>": {...}, "signature": "<hex r‖s>"}}. The ECDSA
 * P-256 signature is over the exact served bytes of the inner object, so those bytes are kept as
 * served, never re-serialised.
 */
final class SignedJson {

  /** Largest collateral body accepted, bytes. */
  static final int MAX_JSON_BYTES = 256 * 1024;

  final byte[] signedBytes;
  final JsonObject body;
  final byte[] signature;

  private SignedJson(byte[] signedBytes, JsonObject body, byte[] signature) {
    this.signedBytes = signedBytes;
    this.body = body;
    this.signature = signature;
  }

  static SignedJson parse(byte[] served, String key, String what) throws TdxVerificationException {
    if (served.length > MAX_JSON_BYTES) {
      throw new TdxVerificationException(what + " exceeds " + MAX_JSON_BYTES + " bytes");
    }
    String text = new String(served, StandardCharsets.UTF_8);
    JsonObject top;
    try (JsonReader r = Json.createReader(new StringReader(text))) {
      top = r.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new TdxVerificationException(what + " is not a JSON object", e);
    }
    if (!(top.get(key) instanceof JsonObject body)) {
      throw new TdxVerificationException(what + " has no \"" + key + "\" object");
    }
    if (!(top.get("signature") instanceof JsonString sig)) {
      throw new TdxVerificationException(what + " has no signature");
    }
    byte[] signature;
    try {
      signature = HexFormat.of().parseHex(sig.getString());
    } catch (IllegalArgumentException e) {
      throw new TdxVerificationException(what + " signature is not hex", e);
    }
    if (signature.length != 64) {
      throw new TdxVerificationException(what + " signature is not 64 bytes");
    }
    String raw = topLevelValue(text, key, what);
    return new SignedJson(raw.getBytes(StandardCharsets.UTF_8), body, signature);
  }

  boolean verifiedBy(PublicKey key) {
    return Ecdsa.verifyRaw(key, "SHA256withECDSA", signedBytes, signature);
  }

  /** The exact text of the value of {@code key} in the top-level object. */
  private static String topLevelValue(String s, String key, String what)
      throws TdxVerificationException {
    int i = skipWs(s, 0);
    if (i >= s.length() || s.charAt(i) != '{') {
      throw new TdxVerificationException(what + " is not a JSON object");
    }
    i++;
    while (true) {
      i = skipWs(s, i);
      if (i >= s.length() || s.charAt(i) != '"') {
        break;
      }
      int keyEnd = endOfString(s, i);
      String k = s.substring(i + 1, keyEnd - 1);
      i = skipWs(s, keyEnd);
      if (i >= s.length() || s.charAt(i) != ':') {
        break;
      }
      int vStart = skipWs(s, i + 1);
      int vEnd = endOfValue(s, vStart);
      if (k.equals(key)) {
        return s.substring(vStart, vEnd);
      }
      i = skipWs(s, vEnd);
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      }
    }
    throw new TdxVerificationException(what + " has no top-level \"" + key + "\"");
  }

  private static int skipWs(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Index just after the string starting at {@code i} (which is a quote). */
  private static int endOfString(String s, int i) {
    i++;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '"') {
        return i + 1;
      } else {
        i++;
      }
    }
    return s.length();
  }

  private static int endOfValue(String s, int i) {
    if (i >= s.length()) {
      return i;
    }
    char c = s.charAt(i);
    if (c == '"') {
      return endOfString(s, i);
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      while (i < s.length()) {
        char d = s.charAt(i);
        if (d == '"') {
          i = endOfString(s, i);
          continue;
        }
        if (d == '{' || d == '[') {
          depth++;
        } else if (d == '}' || d == ']') {
          depth--;
          if (depth == 0) {
            return i + 1;
          }
        }
        i++;
      }
      return s.length();
    }
    while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
      i++;
    }
    return i;
  }
}
