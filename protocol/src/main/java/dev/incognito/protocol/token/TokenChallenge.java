package dev.incognito.protocol.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A TokenChallenge, RFC 9577 §2.1: token type, issuer name, redemption context (empty or 32 bytes)
 * and origin info.
 */
public record TokenChallenge(
    int tokenType, String issuerName, byte[] redemptionContext, String originInfo) {

  /** Longest encoded challenge accepted, bytes. */
  public static final int MAX_ENCODED_BYTES = 4096;

  /** Length of a non-empty redemption context, bytes. */
  public static final int REDEMPTION_CONTEXT_BYTES = 32;

  public TokenChallenge {
    if (tokenType < 0 || tokenType > 0xFFFF) {
      throw new IllegalArgumentException("token type out of range");
    }
    if (issuerName == null || issuerName.isEmpty() || issuerName.length() > 0xFFFF) {
      throw new IllegalArgumentException("issuer name must have 1 to 65535 bytes");
    }
    redemptionContext = redemptionContext == null ? new byte[0] : redemptionContext.clone();
    if (redemptionContext.length != 0 && redemptionContext.length != REDEMPTION_CONTEXT_BYTES) {
      throw new IllegalArgumentException("redemption context must be empty or 32 bytes");
    }
    originInfo = originInfo == null ? "" : originInfo;
    if (originInfo.length() > 0xFFFF) {
      throw new IllegalArgumentException("origin info too long");
    }
  }

  @Override
  public byte[] redemptionContext() {
    return redemptionContext.clone();
  }

  /** The wire encoding, RFC 9577 §2.1. */
  public byte[] encode() {
    byte[] issuer = issuerName.getBytes(StandardCharsets.US_ASCII);
    byte[] origin = originInfo.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b =
        ByteBuffer.allocate(
            2 + 2 + issuer.length + 1 + redemptionContext.length + 2 + origin.length);
    b.putShort((short) tokenType);
    b.putShort((short) issuer.length).put(issuer);
    b.put((byte) redemptionContext.length).put(redemptionContext);
    b.putShort((short) origin.length).put(origin);
    return b.array();
  }

  /** SHA-256 of the encoding: the challenge_digest carried in a token. */
  public byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(encode());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** Parses a TokenChallenge, rejecting trailing bytes. */
  public static TokenChallenge decode(byte[] encoded) throws MalformedTokenException {
    if (encoded.length > MAX_ENCODED_BYTES) {
      throw new MalformedTokenException(
          "token challenge has " + encoded.length + " bytes; at most " + MAX_ENCODED_BYTES);
    }
    ByteBuffer b = ByteBuffer.wrap(encoded);
    try {
      int type = Short.toUnsignedInt(b.getShort());
      byte[] issuer = new byte[Short.toUnsignedInt(b.getShort())];
      b.get(issuer);
      byte[] context = new byte[Byte.toUnsignedInt(b.get())];
      b.get(context);
      byte[] origin = new byte[Short.toUnsignedInt(b.getShort())];
      b.get(origin);
      if (b.hasRemaining()) {
        throw new MalformedTokenException("token challenge has trailing bytes");
      }
      return new TokenChallenge(
          type,
          new String(issuer, StandardCharsets.US_ASCII),
          context,
          new String(origin, StandardCharsets.US_ASCII));
    } catch (java.nio.BufferUnderflowException e) {
      throw new MalformedTokenException("token challenge is truncated", e);
    } catch (IllegalArgumentException e) {
      throw new MalformedTokenException("token challenge is invalid: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenChallenge c && java.util.Arrays.equals(encode(), c.encode());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "TokenChallenge[type="
        + tokenType
        + ", issuer="
        + issuerName
        + ", context="
        + redemptionContext.length
        + " bytes, origin="
        + originInfo
        + "]";
  }
}
