package dev.incognito.protocol.token;

import java.nio.ByteBuffer;

/** Constants and the token input shared by the client, issuer and verifier. */
final class Tokens {

  /** Token type 0x0002, Blind RSA (2048-bit), RFC 9578 §8.2.1. */
  static final int TOKEN_TYPE_BLIND_RSA = 0x0002;

  private Tokens() {}

  static byte[] tokenInput(int tokenType, byte[] nonce, byte[] challengeDigest, byte[] tokenKeyId) {
    return ByteBuffer.allocate(2 + nonce.length + challengeDigest.length + tokenKeyId.length)
        .putShort((short) tokenType)
        .put(nonce)
        .put(challengeDigest)
        .put(tokenKeyId)
        .array();
  }
}
