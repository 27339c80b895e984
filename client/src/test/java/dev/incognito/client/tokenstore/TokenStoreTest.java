package dev.incognito.client.tokenstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.ownerfiles.OwnerOnlyFiles;
import dev.incognito.protocol.token.IssuerKeyPair;
import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenClient;
import dev.incognito.protocol.token.TokenVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored tokens issued under a real blind-RSA issuer key. */
class TokenStoreTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static IssuerKeyPair issuer;
  private static IssuerKeyPair otherIssuer;

  private static final TokenChallenge GATEWAY_A =
      new TokenChallenge(0x0002, "issuer.test", new byte[0], "a.gateway");
  private static final TokenChallenge GATEWAY_B =
      new TokenChallenge(0x0002, "issuer.test", new byte[0], "b.gateway");

  @TempDir Path dir;

  @BeforeAll
  static void keys() {
    issuer = IssuerKeyPair.generate(IssuerKeyPair.DEFAULT_MODULUS_BITS, RANDOM);
    otherIssuer = IssuerKeyPair.generate(IssuerKeyPair.DEFAULT_MODULUS_BITS, RANDOM);
  }

  private static List<Token> issue(IssuerKeyPair k, TokenChallenge c, int n) throws Exception {
    List<Token> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TokenClient.Pending p = TokenClient.begin(k.tokenKey(), c, RANDOM);
      out.add(p.finish(k.issue(p.request())));
    }
    return out;
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void take_returnsOnlyTokensForThatChallengeAndKey_andDeletesEachFile() throws Exception {
    TokenStore store = new TokenStore(dir, RANDOM);
    List<Token> forA = issue(issuer, GATEWAY_A, 2);
    store.put(forA);
    store.put(issue(issuer, GATEWAY_B, 1));
    store.put(issue(otherIssuer, GATEWAY_A, 1));
    assertEquals(4, files().size());
    for (Path f : files()) {
      assertTrue(OwnerOnlyFiles.isOwnerOnly(f), f.toString());
    }
    assertEquals(2, store.count(GATEWAY_A, issuer.tokenKey()));

    List<Token> taken = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Optional<Token> t = store.take(GATEWAY_A, issuer.tokenKey());
      assertTrue(t.isPresent());
      // the token still verifies under the issuer key for that challenge
      new TokenVerifier(List.of(issuer.tokenKey()), List.of(GATEWAY_A)).verify(t.get());
      taken.add(t.get());
    }
    assertEquals(Optional.empty(), store.take(GATEWAY_A, issuer.tokenKey()));
    assertTrue(taken.containsAll(forA) && forA.containsAll(taken));
    assertEquals(2, files().size(), "the other gateway's and issuer's tokens stay");
    assertEquals(1, store.count(GATEWAY_B, issuer.tokenKey()));
  }

  @Test
  void take_deletesUnreadableFilesAndSkipsThem() throws Exception {
    TokenStore store = new TokenStore(dir, RANDOM);
    store.put(issue(issuer, GATEWAY_A, 1));
    Files.write(dir.resolve("0000.token"), new byte[] {0, 2, 1});
    assertTrue(store.take(GATEWAY_A, issuer.tokenKey()).isPresent());
    assertEquals(List.of(), files());
  }
}
