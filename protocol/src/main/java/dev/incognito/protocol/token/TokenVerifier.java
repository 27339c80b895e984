package dev.incognito.protocol.token;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Verifies tokens of type 0x0002 at the origin (here: the gateway), RFC 9578 §6.4: the key id names
 * a known issuer key, the challenge digest is one the origin issued, and the authenticator is a
 * valid RSASSA-PSS signature over the token input. Double-spend checking is the caller's: spend
 * {@link Token#nonce()} once verification succeeds.
 */
public final class TokenVerifier {

  private final Map<String, TokenKey> keysById;
  private final List<byte[]> acceptedChallengeDigests;

  /**
   * @param keys the issuer keys currently accepted
   * @param acceptedChallenges the challenges this origin issues (a token must answer one)
   */
  public TokenVerifier(List<TokenKey> keys, List<TokenChallenge> acceptedChallenges) {
    var byId = new java.util.HashMap<String, TokenKey>();
    for (TokenKey k : keys) {
      byId.put(k.tokenKeyIdHex(), k);
    }
    this.keysById = Map.copyOf(byId);
    this.acceptedChallengeDigests =
        acceptedChallenges.stream().map(TokenChallenge::digest).toList();
  }

  /** Verifies {@code token}; returns normally only when every check passes. */
  public void verify(Token token) throws TokenVerificationException {
    String keyId = HexFormat.of().formatHex(token.tokenKeyId());
    TokenKey key = keysById.get(keyId);
    if (key == null) {
      throw new TokenVerificationException("token key id is not a key of this issuer");
    }
    byte[] digest = token.challengeDigest();
    boolean known = false;
    for (byte[] accepted : acceptedChallengeDigests) {
      known |= MessageDigest.isEqual(accepted, digest);
    }
    if (!known) {
      throw new TokenVerificationException(
          "token answers a challenge this origin did not issue (challenge digest mismatch)");
    }
    if (token.authenticator().length != key.modulusBytes()) {
      throw new TokenVerificationException(
          "token authenticator has "
              + token.authenticator().length
              + " bytes; the key needs "
              + key.modulusBytes());
    }
    BlindRsa.verify(key.publicKey(), token.tokenInput(), token.authenticator());
  }
}
