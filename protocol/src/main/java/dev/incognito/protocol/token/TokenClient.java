package dev.incognito.protocol.token;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/** The device side of issuance, RFC 9578 §6.1 and §6.3. */
public final class TokenClient {

  private TokenClient() {}

  /**
   * A token request in flight: the request to send, and what the device keeps to finalize the
   * token. Never printed.
   */
  public static final class Pending {
    private final TokenKey key;
    private final byte[] nonce;
    private final byte[] challengeDigest;
    private final BigInteger inv;
    private final TokenRequest request;

    private Pending(
        TokenKey key, byte[] nonce, byte[] challengeDigest, BigInteger inv, TokenRequest request) {
      this.key = key;
      this.nonce = nonce;
      this.challengeDigest = challengeDigest;
      this.inv = inv;
      this.request = request;
    }

    public TokenRequest request() {
      return request;
    }

    /** Finalize per RFC 9578 §6.3: unblind the issuer's response and check the signature. */
    public Token finish(byte[] tokenResponse) throws TokenException {
      if (tokenResponse.length != key.modulusBytes()) {
        throw new MalformedTokenException(
            "token response has "
                + tokenResponse.length
                + " bytes; expected "
                + key.modulusBytes());
      }
      byte[] input =
          Tokens.tokenInput(Tokens.TOKEN_TYPE_BLIND_RSA, nonce, challengeDigest, key.tokenKeyId());
      byte[] authenticator = BlindRsa.finalizeSignature(key.publicKey(), input, tokenResponse, inv);
      return new Token(
          Tokens.TOKEN_TYPE_BLIND_RSA, nonce, challengeDigest, key.tokenKeyId(), authenticator);
    }

    @Override
    public String toString() {
      return "TokenClient.Pending[redacted]";
    }
  }

  /** Builds a token request for {@code challenge} with a fresh nonce, salt and blind. */
  public static Pending begin(TokenKey key, TokenChallenge challenge, SecureRandom random)
      throws TokenException {
    byte[] nonce = new byte[Token.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] digest = challenge.digest();
    checkType(challenge);
    byte[] input = Tokens.tokenInput(Tokens.TOKEN_TYPE_BLIND_RSA, nonce, digest, key.tokenKeyId());
    BlindRsa.Blinding blinding = BlindRsa.blind(key.publicKey(), input, random);
    return pending(key, nonce, digest, blinding);
  }

  /** Builds a token request with a given nonce, salt and blinding factor (known-answer tests). */
  public static Pending begin(
      TokenKey key, TokenChallenge challenge, byte[] nonce, byte[] salt, BigInteger blind)
      throws TokenException {
    Objects.requireNonNull(nonce, "nonce");
    checkType(challenge);
    byte[] digest = challenge.digest();
    byte[] input =
        Tokens.tokenInput(Tokens.TOKEN_TYPE_BLIND_RSA, nonce.clone(), digest, key.tokenKeyId());
    return pending(key, nonce.clone(), digest, BlindRsa.blind(key.publicKey(), input, salt, blind));
  }

  private static void checkType(TokenChallenge challenge) throws MalformedTokenException {
    if (challenge.tokenType() != Tokens.TOKEN_TYPE_BLIND_RSA) {
      throw new MalformedTokenException("challenge is not for token type 0x0002");
    }
  }

  private static Pending pending(
      TokenKey key, byte[] nonce, byte[] digest, BlindRsa.Blinding blinding) {
    return new Pending(
        key,
        nonce,
        digest,
        blinding.inv(),
        new TokenRequest(key.truncatedTokenKeyId(), blinding.blindedMsg()));
  }
}
