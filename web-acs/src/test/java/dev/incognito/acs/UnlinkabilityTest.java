package dev.incognito.acs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.incognito.protocol.token.Token;
import dev.incognito.protocol.token.TokenChallenge;
import dev.incognito.protocol.token.TokenClient;
import dev.incognito.protocol.token.TokenVerifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joins everything the issuer stores (its key files and its quota records) and looks for anything
 * the gateway sees at redemption (token, nonce, challenge digest, authenticator, and digests of
 * them): none of it may appear, and the issuer's records must be the same whichever of a person's
 * tokens is later redeemed.
 */
class UnlinkabilityTest {

  @TempDir Path keys;

  @Test
  void issuerRecords_containNothingTheGatewaySees() throws Exception {
    IssuerKeyRing ring = new IssuerKeyRing(keys, Duration.ofDays(30), Duration.ofDays(7), 2048);
    Cache<String, Integer> records =
        Caching.getCachingProvider()
            .getCacheManager()
            .createCache(
                "unlinkability",
                new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    IssuanceQuota quota = new IssuanceQuota(records, 10);
    Instant now = Instant.now();
    IssuerKeyRing.Entry issuing = ring.issuing(now);
    TokenChallenge challenge =
        new TokenChallenge(2, "issuer.example", new byte[32], "gateway.example");

    List<Token> tokens = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (String person : List.of("alice", "bob", "alice")) {
      quota.tryTake(person, LocalDate.now());
      TokenClient.Pending pending = TokenClient.begin(issuing.key().tokenKey(), challenge, random);
      tokens.add(pending.finish(issuing.key().issue(pending.request())));
    }
    TokenVerifier gateway =
        new TokenVerifier(List.of(issuing.key().tokenKey()), List.of(challenge));
    for (Token t : tokens) {
      gateway.verify(t);
    }

    ByteArrayOutputStream issuerState = new ByteArrayOutputStream();
    try (Stream<Path> files = Files.walk(keys)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        issuerState.writeBytes(Files.readAllBytes(f));
        issuerState.writeBytes(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    for (Cache.Entry<String, Integer> e : records) {
      issuerState.writeBytes(e.getKey().getBytes(StandardCharsets.UTF_8));
      issuerState.writeBytes(e.getValue().toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] state = issuerState.toByteArray();
    String stateHex = HexFormat.of().formatHex(state);

    for (Token t : tokens) {
      for (byte[] seen :
          List.of(
              t.encode(),
              t.nonce(),
              t.authenticator(),
              t.tokenInput(),
              sha256(t.nonce()),
              sha256(t.encode()),
              sha256(t.authenticator()))) {
        assertFalse(contains(state, seen), "issuer state holds a value the gateway sees");
        assertFalse(
            stateHex.contains(HexFormat.of().formatHex(seen)), "issuer state holds it in hex");
      }
    }
    // Alice's two tokens differ in every part the gateway sees, so the gateway cannot tell they
    // share an owner, and the issuer's record is one count per person per day.
    assertNotEquals(
        HexFormat.of().formatHex(tokens.get(0).nonce()),
        HexFormat.of().formatHex(tokens.get(2).nonce()));
    assertNotEquals(
        HexFormat.of().formatHex(tokens.get(0).authenticator()),
        HexFormat.of().formatHex(tokens.get(2).authenticator()));
    int entries = 0;
    for (Cache.Entry<String, Integer> e : records) {
      entries++;
      assertFalse(e.getKey().contains("alice") || e.getKey().contains("bob"), "names are hashed");
    }
    assertEquals(2, entries, "one record per person and day");
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
