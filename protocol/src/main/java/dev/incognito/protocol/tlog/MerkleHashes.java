package dev.incognito.protocol.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Merkle tree hashing per RFC 9162 §2.1.1 (SHA-256, domain-separated leaves and nodes). */
public final class MerkleHashes {

  /** Bytes in every hash of the tree. */
  public static final int HASH_SIZE = 32;

  private MerkleHashes() {}

  /** {@code MTH({d}) = SHA-256(0x00 || d)}. */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x00);
    sha.update(entry);
    return sha.digest();
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest sha = sha256();
    sha.update((byte) 0x01);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  /** The root of the empty tree, {@code SHA-256("")}. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /**
   * The root of the complete subtree whose {@code count} (a power of two) hashes stand
   * consecutively in {@code hashes} from hash number {@code offset}.
   */
  public static byte[] rootOfHashes(byte[] hashes, int offset, int count) {
    if (Integer.bitCount(count) != 1 || (offset + count) * HASH_SIZE > hashes.length) {
      throw new IllegalArgumentException("need a power-of-two run of hashes inside the array");
    }
    byte[][] level = new byte[count][];
    for (int i = 0; i < count; i++) {
      int from = (offset + i) * HASH_SIZE;
      level[i] = java.util.Arrays.copyOfRange(hashes, from, from + HASH_SIZE);
    }
    for (int n = count; n > 1; n /= 2) {
      for (int i = 0; i < n / 2; i++) {
        level[i] = nodeHash(level[2 * i], level[2 * i + 1]);
      }
    }
    return level[0];
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
