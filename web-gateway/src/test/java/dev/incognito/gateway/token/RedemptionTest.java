package dev.incognito.gateway.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.token.AuthScheme;
import dev.incognito.protocol.token.IssuerKeyPair;
import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenClient;
import dev.incognito.protocol.token.TokenKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedemptionTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final TokenChallenge CHALLENGE = new TokenChallenge(2, "issuer.example", null, "");
  private static IssuerKeyPair issuer;
  private static IssuerKeyPair otherIssuer;
  private static int caches;

  @BeforeAll
  static void keys() {
    issuer = IssuerKeyPair.generate(2048, RANDOM);
    otherIssuer = IssuerKeyPair.generate(2048, RANDOM);
  }

  private static Redemption redemption(List<TokenKey> keys) {
    var cache =
        Caching.getCachingProvider()
            .getCacheManager()
            .createCache(
                "spent-" + caches++,
                new MutableConfiguration<String, Boolean>().setTypes(String.class, Boolean.class));
    return new Redemption(CHALLENGE, keys, new SpentTokens(cache));
  }

  private static Token token(IssuerKeyPair by, TokenChallenge challenge) throws Exception {
    var pending = TokenClient.begin(by.tokenKey(), challenge, RANDOM);
    return pending.finish(by.issue(pending.request()));
  }

  @Test
  void redeem_acceptsOnceThenRejectsTheReplay() throws Exception {
    var r = redemption(List.of(issuer.tokenKey()));
    String header = AuthScheme.formatAuthorization(token(issuer, CHALLENGE));
    assertInstanceOf(Redemption.Accepted.class, r.redeem(header));
    var replay = assertInstanceOf(Redemption.Refused.class, r.redeem(header));
    assertEquals("token already spent", replay.reason());
    assertTrue(replay.challenge().startsWith("PrivateToken challenge=\""));
  }

  @Test
  void redeem_refusesMissingMalformedForeignAndWrongChallengeTokens() throws Exception {
    var r = redemption(List.of(issuer.tokenKey()));
    assertInstanceOf(Redemption.Refused.class, r.redeem(null));
    assertInstanceOf(Redemption.Refused.class, r.redeem("PrivateToken token=\"AAAA\""));
    assertInstanceOf(Redemption.Refused.class, r.redeem("Bearer abc"));
    var foreign =
        assertInstanceOf(
            Redemption.Refused.class,
            r.redeem(AuthScheme.formatAuthorization(token(otherIssuer, CHALLENGE))));
    assertTrue(foreign.reason().contains("not a key of this issuer"));
    var otherChallenge = new TokenChallenge(2, "elsewhere.example", null, "");
    var wrong =
        assertInstanceOf(
            Redemption.Refused.class,
            r.redeem(AuthScheme.formatAuthorization(token(issuer, otherChallenge))));
    assertTrue(wrong.reason().contains("challenge"));
  }

  @Test
  void refusal_neverContainsTheToken() throws Exception {
    var r = redemption(List.of(issuer.tokenKey()));
    Token t = token(issuer, CHALLENGE);
    String header = AuthScheme.formatAuthorization(t);
    r.redeem(header);
    var refused = (Redemption.Refused) r.redeem(header);
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(t.encode());
    assertTrue(!refused.reason().contains(b64.substring(0, 40)));
  }

  @Test
  void issuerDirectory_parsesTheIssuersOwnFormatNewestFirst() throws Exception {
    String dir =
        "{\"issuer-request-uri\":\"token-request\",\"token-keys\":["
            + "{\"token-type\":2,\"token-key\":\""
            + Base64.getUrlEncoder().encodeToString(otherIssuer.tokenKey().encoded())
            + "\",\"not-before\":100},"
            + "{\"token-type\":2,\"token-key\":\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(issuer.tokenKey().encoded())
            + "\",\"not-before\":200}]}";
    var keys = IssuerDirectory.parse(dir.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(issuer.tokenKey(), otherIssuer.tokenKey()), keys);
  }
}
