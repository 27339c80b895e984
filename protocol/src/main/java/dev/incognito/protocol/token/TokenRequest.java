package dev.incognito.protocol.token;

import java.nio.ByteBuffer;

/**
 * A TokenRequest for token type 0x0002, RFC 9578 §6.1: token type, truncated token key id, and the
 * blinded message ({@code Nk} bytes).
 */
public record TokenRequest(int truncatedTokenKeyId, byte[] blindedMsg) {

  /** Longest request accepted, bytes (8192-bit keys). */
  public static final int MAX_ENCODED_BYTES = 3 + BlindRsa.MAX_MODULUS_BITS / 8;

  public TokenRequest {
    if (truncatedTokenKeyId < 0 || truncatedTokenKeyId > 0xFF) {
      throw new IllegalArgumentException("truncated token key id is one byte");
    }
    blindedMsg = blindedMsg.clone();
  }

  @Override
  public byte[] blindedMsg() {
    return blindedMsg.clone();
  }

  public byte[] encode() {
    return ByteBuffer.allocate(3 + blindedMsg.length)
        .putShort((short) Tokens.TOKEN_TYPE_BLIND_RSA)
        .put((byte) truncatedTokenKeyId)
        .put(blindedMsg)
        .array();
  }

  /**
   * Parses a token request, checking its token type; the length of the blinded message is checked
   * against the key by the issuer.
   */
  public static TokenRequest decode(byte[] encoded) throws MalformedTokenException {
    if (encoded.length > MAX_ENCODED_BYTES) {
      throw new MalformedTokenException(
          "token request has " + encoded.length + " bytes; at most " + MAX_ENCODED_BYTES);
    }
    if (encoded.length < 3 + BlindRsa.MIN_MODULUS_BITS / 8) {
      throw new MalformedTokenException("token request is truncated");
    }
    int type = ((encoded[0] & 0xFF) << 8) | (encoded[1] & 0xFF);
    if (type != Tokens.TOKEN_TYPE_BLIND_RSA) {
      throw new MalformedTokenException(
          "token type 0x" + String.format("%04x", type) + " is not supported; expected 0x0002");
    }
    byte[] blinded = new byte[encoded.length - 3];
    System.arraycopy(encoded, 3, blinded, 0, blinded.length);
    return new TokenRequest(encoded[2] & 0xFF, blinded);
  }

  @Override
  public String toString() {
    return "TokenRequest[keyId=" + truncatedTokenKeyId + ", " + blindedMsg.length + " bytes]";
  }
}
