package dev.incognito.protocol.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9578 Appendix A, token type 0x0002, end to end and under corruption. */
class TokenIssuanceTest {

  private static final HexFormat HEX = HexFormat.of();

  private static List<JsonObject> vectors() throws Exception {
    return Vectors.read("rfc9578-type2-blindrsa.json")
        .asJsonObject()
        .getJsonArray("vectors")
        .stream()
        .map(JsonValue::asJsonObject)
        .toList();
  }

  private static byte[] hex(JsonObject v, String k) {
    return HEX.parseHex(v.getString(k));
  }

  private static IssuerKeyPair issuer(JsonObject v) throws Exception {
    return IssuerKeyPair.fromPem(new String(hex(v, "skS"), StandardCharsets.US_ASCII));
  }

  @Test
  void rfc9578Type2Vectors_requestResponseAndTokenMatch() throws Exception {
    for (JsonObject v : vectors()) {
      IssuerKeyPair issuer = issuer(v);
      TokenKey key = TokenKey.parse(hex(v, "pkS"));
      assertArrayEquals(hex(v, "pkS"), issuer.tokenKey().encoded(), "SPKI encoding");
      assertEquals(key, issuer.tokenKey());

      TokenChallenge challenge = TokenChallenge.decode(hex(v, "token_challenge"));
      assertArrayEquals(hex(v, "token_challenge"), challenge.encode());

      TokenClient.Pending pending =
          TokenClient.begin(
              key, challenge, hex(v, "nonce"), hex(v, "salt"), new BigInteger(1, hex(v, "blind")));
      assertArrayEquals(hex(v, "token_request"), pending.request().encode(), "token_request");

      TokenRequest parsed = TokenRequest.decode(hex(v, "token_request"));
      byte[] response = issuer.issue(parsed);
      assertArrayEquals(hex(v, "token_response"), response, "token_response");

      Token token = pending.finish(response);
      assertArrayEquals(hex(v, "token"), token.encode(), "token");

      new TokenVerifier(List.of(key), List.of(challenge)).verify(Token.decode(hex(v, "token")));
    }
  }

  @Test
  void verify_failsOnEveryBitFlipOfTheSignedToken() throws Exception {
    JsonObject v = vectors().get(0);
    TokenKey key = TokenKey.parse(hex(v, "pkS"));
    TokenChallenge challenge = TokenChallenge.decode(hex(v, "token_challenge"));
    TokenVerifier verifier = new TokenVerifier(List.of(key), List.of(challenge));
    byte[] token = hex(v, "token");
    for (int bit = 0; bit < token.length * 8; bit++) {
      byte[] t = token.clone();
      t[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(TokenException.class, () -> verifier.verify(Token.decode(t)), "bit " + bit);
    }
  }

  @Test
  void verify_rejectsUnknownKeyAndForeignChallenge() throws Exception {
    List<JsonObject> vs = vectors();
    JsonObject v = vs.get(0);
    TokenKey key = TokenKey.parse(hex(v, "pkS"));
    TokenChallenge challenge = TokenChallenge.decode(hex(v, "token_challenge"));
    Token token = Token.decode(hex(v, "token"));
    TokenKey otherKey = IssuerKeyPair.generate(2048, new SecureRandom()).tokenKey();
    var unknownKey = new TokenVerifier(List.of(otherKey), List.of(challenge));
    var e1 = assertThrows(TokenVerificationException.class, () -> unknownKey.verify(token));
    assertEquals("token key id is not a key of this issuer", e1.getMessage());
    TokenChallenge other = new TokenChallenge(2, "other.example", null, "origin.example");
    var foreign = new TokenVerifier(List.of(key), List.of(other));
    var e2 = assertThrows(TokenVerificationException.class, () -> foreign.verify(token));
    assertEquals(
        "token answers a challenge this origin did not issue (challenge digest mismatch)",
        e2.getMessage());
  }

  @Test
  void issue_rejectsWrongTruncatedKeyIdAndWrongLength() throws Exception {
    JsonObject v = vectors().get(0);
    IssuerKeyPair issuer = issuer(v);
    TokenRequest request = TokenRequest.decode(hex(v, "token_request"));
    TokenRequest wrongId =
        new TokenRequest((request.truncatedTokenKeyId() + 1) & 0xFF, request.blindedMsg());
    assertThrows(TokenVerificationException.class, () -> issuer.issue(wrongId));
    byte[] shortMsg = java.util.Arrays.copyOf(request.blindedMsg(), 255);
    assertThrows(
        MalformedTokenException.class,
        () -> issuer.issue(new TokenRequest(request.truncatedTokenKeyId(), shortMsg)));
  }

  @Test
  void decode_rejectsWrongTokenTypeTruncationAndOversize() throws Exception {
    byte[] request = hex(vectors().get(0), "token_request");
    byte[] wrongType = request.clone();
    wrongType[1] = 1;
    assertThrows(MalformedTokenException.class, () -> TokenRequest.decode(wrongType));
    assertThrows(
        MalformedTokenException.class,
        () -> TokenRequest.decode(java.util.Arrays.copyOf(request, 100)));
    assertThrows(
        MalformedTokenException.class,
        () -> TokenRequest.decode(new byte[TokenRequest.MAX_ENCODED_BYTES + 1]));
    byte[] token = hex(vectors().get(0), "token");
    assertThrows(
        MalformedTokenException.class, () -> Token.decode(java.util.Arrays.copyOf(token, 97)));
    assertThrows(
        MalformedTokenException.class,
        () ->
            TokenChallenge.decode(
                java.util.Arrays.copyOf(hex(vectors().get(0), "token_challenge"), 10)));
  }

  @Test
  void generatedKey_roundTripsIssuance() throws Exception {
    SecureRandom random = new SecureRandom();
    IssuerKeyPair issuer = IssuerKeyPair.generate(2048, random);
    TokenChallenge challenge = new TokenChallenge(2, "issuer.example", null, "");
    TokenClient.Pending p = TokenClient.begin(issuer.tokenKey(), challenge, random);
    Token token = p.finish(issuer.issue(TokenRequest.decode(p.request().encode())));
    new TokenVerifier(List.of(issuer.tokenKey()), List.of(challenge)).verify(token);
    TokenKey reparsed = TokenKey.parse(issuer.tokenKey().encoded());
    assertEquals(issuer.tokenKey(), reparsed);
    IssuerKeyPair restored = IssuerKeyPair.fromPkcs8(issuer.pkcs8());
    assertEquals(issuer.tokenKey(), restored.tokenKey());
  }
}
