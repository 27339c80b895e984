package dev.incognito.gateway;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.cache.Cache;

/**
 * Encapsulated requests already answered, so that a replayed one (the same {@code hdr || enc}, RFC
 * 9458 §4.3) is refused. Holds SHA-256 of the header and enc only, in a JCache cache shared by
 * every gateway replica whose entries expire with the key lifetime (after which the key id is
 * unknown anyway). A fresh enc per request is required of clients by RFC 9180 §5.1.
 */
final class SeenRequests {

  /** Name of the grid cache. */
  static final String CACHE = "incognito-ohttp-seen";

  /** {@code hdr} (key id, kem, kdf, aead: 7 bytes, RFC 9458 §4.3) and an X25519 enc (32 bytes). */
  static final int PREFIX_BYTES = 7 + 32;

  private final Cache<String, Boolean> seen;

  SeenRequests(Cache<String, Boolean> seen) {
    this.seen = seen;
  }

  /**
   * Records an authenticated encapsulated request.
   *
   * @return true the first time; false for a replay
   */
  boolean firstTime(byte[] encapsulatedRequest) {
    int n = Math.min(PREFIX_BYTES, encapsulatedRequest.length);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(encapsulatedRequest, 0, n);
      return seen.putIfAbsent(HexFormat.of().formatHex(sha.digest()), Boolean.TRUE);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
