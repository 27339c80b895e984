package dev.incognito.gateway.token;

import dev.incognito.protocol.token.TokenException;
import dev.incognito.protocol.token.TokenKey;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Parses an issuer directory, RFC 9578 §4: the token keys of type 0x0002 currently published,
 * newest first. Keys whose not-before is in the future are kept (they verify nothing yet but cost
 * nothing); keys that do not parse make the whole directory invalid.
 */
public final class IssuerDirectory {

  /** Largest directory accepted, bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  /** Most keys accepted. */
  public static final int MAX_KEYS = 32;

  private IssuerDirectory() {}

  public static List<TokenKey> parse(byte[] body) throws TokenException {
    if (body.length > MAX_BYTES) {
      throw new TokenException("issuer directory larger than " + MAX_BYTES + " bytes");
    }
    JsonObject root;
    try (var r = Json.createReader(new ByteArrayInputStream(body))) {
      root = r.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new TokenException("issuer directory is not a JSON object", e);
    }
    record Dated(TokenKey key, long notBefore) {}
    List<Dated> keys = new ArrayList<>();
    try {
      var array = root.getJsonArray("token-keys");
      if (array.size() > MAX_KEYS) {
        throw new TokenException("issuer directory lists more than " + MAX_KEYS + " keys");
      }
      for (JsonValue v : array) {
        JsonObject k = v.asJsonObject();
        if (k.getInt("token-type") != 2) {
          continue;
        }
        byte[] spki = Base64.getUrlDecoder().decode(k.getString("token-key"));
        long notBefore =
            k.containsKey("not-before") ? k.getJsonNumber("not-before").longValue() : 0;
        keys.add(new Dated(TokenKey.parse(spki), notBefore));
      }
    } catch (NullPointerException | ClassCastException | IllegalArgumentException e) {
      throw new TokenException("issuer directory field missing or invalid", e);
    }
    if (keys.isEmpty()) {
      throw new TokenException("issuer directory has no token keys of type 0x0002");
    }
    return keys.stream()
        .sorted(Comparator.comparingLong(Dated::notBefore).reversed())
        .map(Dated::key)
        .toList();
  }
}
