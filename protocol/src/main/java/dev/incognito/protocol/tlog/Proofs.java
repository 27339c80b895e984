package dev.incognito.protocol.tlog;

import static dev.incognito.protocol.tlog.MerkleHashes.HASH_SIZE;
import static dev.incognito.protocol.tlog.MerkleHashes.nodeHash;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Merkle inclusion and consistency proofs per RFC 9162 §2.1.3 and §2.1.4: computed over a {@link
 * HashReader}, verified against roots.
 */
public final class Proofs {

  /** The most hashes a proof may hold: a tree of 2^63 leaves needs at most 2·63. */
  public static final int MAX_PROOF_HASHES = 128;

  private Proofs() {}

  /** The root hash {@code MTH(D[0:size])}. */
  public static byte[] rootHash(long size, HashReader reader) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("tree size " + size + " is negative");
    }
    return size == 0 ? MerkleHashes.emptyRoot() : subtreeHash(0, size, reader);
  }

  /** {@code PATH(index, D[0:size])} per RFC 9162 §2.1.3.1. */
  public static List<byte[]> inclusion(long index, long size, HashReader reader)
      throws IOException {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf index " + index + " is outside tree size " + size);
    }
    List<byte[]> path = new ArrayList<>();
    path(index, 0, size, reader, path);
    return path;
  }

  /** {@code PROOF(size1, D[0:size2])} per RFC 9162 §2.1.4.1. */
  public static List<byte[]> consistency(long size1, long size2, HashReader reader)
      throws IOException {
    if (size1 <= 0 || size1 > size2) {
      throw new IllegalArgumentException(
          "consistency needs 0 < size1 <= size2, got " + size1 + " and " + size2);
    }
    List<byte[]> proof = new ArrayList<>();
    if (size1 < size2) {
      subproof(size1, 0, size2, true, reader, proof);
    }
    return proof;
  }

  /** Verifies an inclusion proof per RFC 9162 §2.1.3.2. */
  public static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws InclusionProofVerificationException {
    if (index < 0 || size <= 0 || index >= size) {
      throw new InclusionProofVerificationException(
          "leaf index " + index + " is outside tree size " + size);
    }
    checkHashes(leafHash, root, proof, InclusionProofVerificationException::new);
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        throw new InclusionProofVerificationException(
            "proof has more hashes than a tree of size " + size + " needs");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new InclusionProofVerificationException(
          "proof has fewer hashes than a tree of size " + size + " needs");
    }
    if (!MessageDigest.isEqual(r, root)) {
      throw new InclusionProofVerificationException(
          "computed root " + hex(r) + " does not match expected root " + hex(root));
    }
  }

  /** Verifies a consistency proof per RFC 9162 §2.1.4.2. */
  public static void verifyConsistency(
      long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
      throws ConsistencyProofVerificationException {
    if (size1 <= 0 || size1 > size2) {
      throw new ConsistencyProofVerificationException(
          "consistency needs 0 < size1 <= size2, got " + size1 + " and " + size2);
    }
    if (size1 == size2) { // the roots are only compared, so their length does not matter here
      if (!proof.isEmpty()) {
        throw new ConsistencyProofVerificationException("equal sizes need an empty proof");
      }
      if (!MessageDigest.isEqual(root1, root2)) {
        throw new ConsistencyProofVerificationException(
            "equal sizes " + size1 + " but roots " + hex(root1) + " and " + hex(root2) + " differ");
      }
      return;
    }
    checkHashes(root1, root2, proof, ConsistencyProofVerificationException::new);
    if (proof.isEmpty()) {
      throw new ConsistencyProofVerificationException("proof is empty");
    }
    List<byte[]> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(size1) == 1) {
      path.add(root1);
    }
    path.addAll(proof);
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw new ConsistencyProofVerificationException(
            "proof has more hashes than sizes " + size1 + " and " + size2 + " need");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        sr = nodeHash(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new ConsistencyProofVerificationException(
          "proof has fewer hashes than sizes " + size1 + " and " + size2 + " need");
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      throw new ConsistencyProofVerificationException(
          "proof gives first root " + hex(fr) + ", expected " + hex(root1));
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      throw new ConsistencyProofVerificationException(
          "proof gives second root " + hex(sr) + ", expected " + hex(root2));
    }
  }

  // MTH(D[lo:hi]); lo is always aligned to the largest power of two below hi - lo.
  private static byte[] subtreeHash(long lo, long hi, HashReader reader) throws IOException {
    long n = hi - lo;
    if (Long.bitCount(n) == 1) {
      int level = Long.numberOfTrailingZeros(n);
      return reader.hash(level, lo >>> level);
    }
    long k = Long.highestOneBit(n - 1);
    return nodeHash(subtreeHash(lo, lo + k, reader), subtreeHash(lo + k, hi, reader));
  }

  private static void path(long m, long lo, long hi, HashReader reader, List<byte[]> out)
      throws IOException {
    long n = hi - lo;
    if (n <= 1) {
      return;
    }
    long k = Long.highestOneBit(n - 1);
    if (m < k) {
      path(m, lo, lo + k, reader, out);
      out.add(subtreeHash(lo + k, hi, reader));
    } else {
      path(m - k, lo + k, hi, reader, out);
      out.add(subtreeHash(lo, lo + k, reader));
    }
  }

  private static void subproof(
      long m, long lo, long hi, boolean complete, HashReader reader, List<byte[]> out)
      throws IOException {
    long n = hi - lo;
    if (m == n) {
      if (!complete) {
        out.add(subtreeHash(lo, hi, reader));
      }
      return;
    }
    long k = Long.highestOneBit(n - 1);
    if (m <= k) {
      subproof(m, lo, lo + k, complete, reader, out);
      out.add(subtreeHash(lo + k, hi, reader));
    } else {
      subproof(m - k, lo + k, hi, false, reader, out);
      out.add(subtreeHash(lo, lo + k, reader));
    }
  }

  private interface Failure<E extends Exception> {
    E because(String message);
  }

  private static <E extends Exception> void checkHashes(
      byte[] a, byte[] b, List<byte[]> proof, Failure<E> failure) throws E {
    if (a == null || a.length != HASH_SIZE || b == null || b.length != HASH_SIZE) {
      throw failure.because("hashes must be " + HASH_SIZE + " bytes");
    }
    if (proof.size() > MAX_PROOF_HASHES) {
      throw failure.because(
          "proof has " + proof.size() + " hashes, more than MAX_PROOF_HASHES " + MAX_PROOF_HASHES);
    }
    for (int i = 0; i < proof.size(); i++) {
      if (proof.get(i) == null || proof.get(i).length != HASH_SIZE) {
        throw failure.because("proof hash " + i + " is not " + HASH_SIZE + " bytes");
      }
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
