package dev.incognito.protocol.token;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A token, RFC 9577 §2.2: token type, nonce, challenge digest, token key id and authenticator. For
 * token type 0x0002 the authenticator is an RSASSA-PSS signature over {@link #tokenInput()}.
 */
public record Token(
    int tokenType, byte[] nonce, byte[] challengeDigest, byte[] tokenKeyId, byte[] authenticator) {

  public static final int NONCE_BYTES = 32;
  public static final int DIGEST_BYTES = 32;
  public static final int KEY_ID_BYTES = 32;

  /** Longest token accepted, bytes (8192-bit keys). */
  public static final int MAX_ENCODED_BYTES = 2 + 96 + BlindRsa.MAX_MODULUS_BITS / 8;

  public Token {
    if (tokenType != Tokens.TOKEN_TYPE_BLIND_RSA) {
      throw new IllegalArgumentException("only token type 0x0002 is supported");
    }
    nonce = checkLength(nonce, NONCE_BYTES, "nonce");
    challengeDigest = checkLength(challengeDigest, DIGEST_BYTES, "challenge digest");
    tokenKeyId = checkLength(tokenKeyId, KEY_ID_BYTES, "token key id");
    authenticator = authenticator.clone();
  }

  private static byte[] checkLength(byte[] b, int len, String what) {
    if (b == null || b.length != len) {
      throw new IllegalArgumentException(what + " must be " + len + " bytes");
    }
    return b.clone();
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  @Override
  public byte[] challengeDigest() {
    return challengeDigest.clone();
  }

  @Override
  public byte[] tokenKeyId() {
    return tokenKeyId.clone();
  }

  @Override
  public byte[] authenticator() {
    return authenticator.clone();
  }

  /** {@code token_type || nonce || challenge_digest || token_key_id}: what the issuer signs. */
  public byte[] tokenInput() {
    return Tokens.tokenInput(tokenType, nonce, challengeDigest, tokenKeyId);
  }

  public byte[] encode() {
    return ByteBuffer.allocate(2 + 96 + authenticator.length)
        .putShort((short) tokenType)
        .put(nonce)
        .put(challengeDigest)
        .put(tokenKeyId)
        .put(authenticator)
        .array();
  }

  /** Parses a token of type 0x0002; the authenticator length is checked against the key. */
  public static Token decode(byte[] encoded) throws MalformedTokenException {
    if (encoded.length > MAX_ENCODED_BYTES) {
      throw new MalformedTokenException(
          "token has " + encoded.length + " bytes; at most " + MAX_ENCODED_BYTES);
    }
    if (encoded.length < 2 + 96 + BlindRsa.MIN_MODULUS_BITS / 8) {
      throw new MalformedTokenException("token is truncated");
    }
    int type = ((encoded[0] & 0xFF) << 8) | (encoded[1] & 0xFF);
    if (type != Tokens.TOKEN_TYPE_BLIND_RSA) {
      throw new MalformedTokenException(
          "token type 0x" + String.format("%04x", type) + " is not supported; expected 0x0002");
    }
    return new Token(
        type,
        Arrays.copyOfRange(encoded, 2, 34),
        Arrays.copyOfRange(encoded, 34, 66),
        Arrays.copyOfRange(encoded, 66, 98),
        Arrays.copyOfRange(encoded, 98, encoded.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Token t && Arrays.equals(encode(), t.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  /** Never prints the token: a token is a bearer credential. */
  @Override
  public String toString() {
    return "Token[type=0x0002, redacted]";
  }
}
