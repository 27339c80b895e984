package dev.incognito.client.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.ConsistencyProofVerificationException;
import dev.incognito.protocol.tlog.HashReader;
import dev.incognito.protocol.tlog.MerkleHashes;
import dev.incognito.protocol.tlog.Proofs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointMemoryTest {

  @TempDir Path dir;

  /** Complete-subtree hashes of a tree over entries "prefix-i". */
  private static HashReader tree(String prefix, int size) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      leaves.add(MerkleHashes.leafHash((prefix + "-" + i).getBytes()));
    }
    return (level, index) -> {
      long from = index << level;
      long to = (index + 1) << level;
      if (to > leaves.size()) {
        throw new IOException("beyond the tree");
      }
      List<byte[]> level0 = leaves.subList((int) from, (int) to);
      byte[] all = new byte[level0.size() * 32];
      for (int i = 0; i < level0.size(); i++) {
        System.arraycopy(level0.get(i), 0, all, i * 32, 32);
      }
      return MerkleHashes.rootOfHashes(all, 0, level0.size());
    };
  }

  private static Checkpoint checkpoint(HashReader tree, long size) throws IOException {
    return new Checkpoint("log.example/test", size, Proofs.rootHash(size, tree), List.of());
  }

  @Test
  void advance_remembersGrowthAndKeepsTheLargerCheckpoint() throws Exception {
    HashReader honest = tree("a", 40);
    CheckpointMemory memory = new CheckpointMemory(dir);
    memory.advance(checkpoint(honest, 10), size -> honest);
    memory.advance(checkpoint(honest, 30), size -> honest);
    memory.advance(checkpoint(honest, 20), size -> honest); // an older view, still consistent
    assertEquals(30, memory.last("log.example/test").orElseThrow().size());
  }

  @Test
  void advance_detectsSplitView() throws Exception {
    HashReader shownBefore = tree("a", 40);
    // The same first 10 entries, then a different history.
    HashReader fork =
        (level, index) ->
            ((index + 1) << level) <= 10
                ? shownBefore.hash(level, index)
                : tree("b", 40).hash(level, index);
    CheckpointMemory memory = new CheckpointMemory(dir);
    memory.advance(checkpoint(shownBefore, 20), size -> shownBefore);
    ConsistencyProofVerificationException e =
        assertThrows(
            ConsistencyProofVerificationException.class,
            () -> memory.advance(checkpoint(fork, 30), size -> fork));
    assertTrue(e.getMessage().startsWith("split view"), e.getMessage());
    assertEquals(20, memory.last("log.example/test").orElseThrow().size());
  }
}
