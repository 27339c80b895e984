package dev.incognito.protocol.tlog;

import java.io.IOException;

/**
 * A source of complete-subtree hashes of one tree: the hash at {@code level} and {@code index}
 * covers leaves {@code [index·2^level, (index+1)·2^level)}. The log reads them from storage, the
 * device from tiles it fetched; proofs are computed over this one boundary.
 */
@FunctionalInterface
public interface HashReader {

  /** Returns the 32-byte hash, or throws when it cannot be read. */
  byte[] hash(int level, long index) throws IOException;
}
