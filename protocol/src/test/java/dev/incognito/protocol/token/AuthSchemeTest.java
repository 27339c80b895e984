package dev.incognito.protocol.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** RFC 9577 Appendix A. */
class AuthSchemeTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void rfc9577HeaderVectors_parseEveryPrivateTokenChallenge() throws Exception {
    for (JsonValue jv :
        Vectors.read("rfc9577-auth-scheme.json").asJsonObject().getJsonArray("http_header")) {
      JsonObject h = jv.asJsonObject();
      JsonObject params = h.getJsonObject("params");
      List<AuthScheme.Challenge> parsed =
          AuthScheme.parseChallenges(h.getString("www_authenticate"));
      int expected = 0;
      while (params.containsKey("token-type-" + expected)) {
        expected++;
      }
      assertEquals(expected, parsed.size(), h.getString("www_authenticate"));
      for (int i = 0; i < expected; i++) {
        AuthScheme.Challenge c = parsed.get(i);
        assertEquals(
            Integer.parseInt(params.getString("token-type-" + i).substring(2), 16), c.tokenType());
        assertArrayEquals(HEX.parseHex(params.getString("token-key-" + i)), c.tokenKey());
        assertArrayEquals(
            HEX.parseHex(params.getString("token-challenge-" + i)), c.tokenChallenge());
        String maxAge = params.getString("max-age-" + i, null);
        assertEquals(
            maxAge == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(maxAge)),
            c.maxAge());
      }
    }
  }

  @Test
  void rfc9577ChallengeVectors_tokenInputMatches() throws Exception {
    for (JsonValue jv :
        Vectors.read("rfc9577-auth-scheme.json")
            .asJsonObject()
            .getJsonArray("challenge_and_redemption")) {
      JsonObject v = jv.asJsonObject();
      if (!"0002".equals(v.getString("token_type"))) {
        continue; // the grease vector has no challenge structure
      }
      TokenChallenge c =
          new TokenChallenge(
              2,
              new String(HEX.parseHex(v.getString("issuer_name")), StandardCharsets.US_ASCII),
              HEX.parseHex(v.getString("redemption_context")),
              new String(HEX.parseHex(v.getString("origin_info")), StandardCharsets.US_ASCII));
      byte[] input =
          Tokens.tokenInput(
              2,
              HEX.parseHex(v.getString("nonce")),
              c.digest(),
              HEX.parseHex(v.getString("token_key_id")));
      assertArrayEquals(HEX.parseHex(v.getString("token_authenticator_input")), input);
    }
  }

  @Test
  void authorization_roundTripsPaddedAndUnpadded() throws Exception {
    JsonObject v =
        Vectors.read("rfc9578-type2-blindrsa.json")
            .asJsonObject()
            .getJsonArray("vectors")
            .getJsonObject(0);
    Token token = Token.decode(HEX.parseHex(v.getString("token")));
    String header = AuthScheme.formatAuthorization(token);
    assertEquals(token, AuthScheme.parseAuthorization(header));
    String padded =
        "PrivateToken token=\""
            + java.util.Base64.getUrlEncoder().encodeToString(token.encode())
            + "\"";
    assertEquals(token, AuthScheme.parseAuthorization(padded));
  }

  @Test
  void challenge_formatsAndParsesBack() throws Exception {
    JsonObject v =
        Vectors.read("rfc9578-type2-blindrsa.json")
            .asJsonObject()
            .getJsonArray("vectors")
            .getJsonObject(0);
    TokenKey key = TokenKey.parse(HEX.parseHex(v.getString("pkS")));
    TokenChallenge challenge = TokenChallenge.decode(HEX.parseHex(v.getString("token_challenge")));
    String header = AuthScheme.formatChallenge(challenge, key, OptionalInt.of(10));
    AuthScheme.Challenge c = AuthScheme.parseChallenges(header).get(0);
    assertEquals(challenge, TokenChallenge.decode(c.tokenChallenge()));
    assertEquals(key, TokenKey.parse(c.tokenKey()));
  }

  @Test
  void parse_rejectsMalformedHeaders() {
    assertThrows(
        MalformedTokenException.class, () -> AuthScheme.parseAuthorization("Basic dXNlcjpwYXNz"));
    assertThrows(
        MalformedTokenException.class,
        () -> AuthScheme.parseAuthorization("PrivateToken token=\"abc"));
    assertThrows(
        MalformedTokenException.class,
        () -> AuthScheme.parseAuthorization("PrivateToken token=\"!!\""));
    assertThrows(
        MalformedTokenException.class,
        () -> AuthScheme.parseChallenges("PrivateToken challenge=\"AAI\""));
    assertThrows(
        MalformedTokenException.class,
        () -> AuthScheme.parseChallenges("x".repeat(AuthScheme.MAX_HEADER_CHARS + 1)));
  }
}
