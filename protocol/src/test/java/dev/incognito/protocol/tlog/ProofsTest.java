package dev.incognito.protocol.tlog;

import static dev.incognito.protocol.tlog.TlogVectors.hex;
import static dev.incognito.protocol.tlog.TlogVectors.hexList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProofsTest {

  /** A tree held in memory as complete-subtree hashes by level. */
  static final class MemoryTree implements HashReader {
    final List<List<byte[]>> levels = new ArrayList<>();

    MemoryTree(List<byte[]> entries) {
      List<byte[]> leaves = new ArrayList<>();
      entries.forEach(e -> leaves.add(MerkleHashes.leafHash(e)));
      levels.add(leaves);
      for (List<byte[]> below = leaves; below.size() > 1; ) {
        List<byte[]> up = new ArrayList<>();
        for (int i = 0; i + 1 < below.size(); i += 2) {
          up.add(MerkleHashes.nodeHash(below.get(i), below.get(i + 1)));
        }
        levels.add(up);
        below = up;
      }
    }

    @Override
    public byte[] hash(int level, long index) throws IOException {
      if (level >= levels.size() || index >= levels.get(level).size()) {
        throw new IOException("no hash at " + level + "/" + index);
      }
      return levels.get(level).get((int) index);
    }
  }

  private static JsonObject reference() throws IOException {
    return TlogVectors.read(TlogVectors.dir().resolve("rfc6962-reference-tree.json"));
  }

  private static MemoryTree referenceTree(JsonObject ref) {
    List<byte[]> entries = new ArrayList<>();
    ref.getJsonArray("leaf_inputs_hex")
        .getValuesAs(jakarta.json.JsonString.class)
        .forEach(s -> entries.add(hex(s.getString())));
    return new MemoryTree(entries);
  }

  @Test
  void rootHash_matchesReferenceTreeAtEverySize() throws IOException {
    JsonObject ref = reference();
    MemoryTree tree = referenceTree(ref);
    JsonObject roots = ref.getJsonObject("root_hash_by_tree_size");
    for (String size : roots.keySet()) {
      assertArrayEquals(
          hex(roots.getString(size)), Proofs.rootHash(Long.parseLong(size), tree), "size " + size);
    }
  }

  @Test
  void inclusionAndConsistency_generateAndVerifyReferenceProofs() throws Exception {
    JsonObject ref = reference();
    MemoryTree tree = referenceTree(ref);
    for (JsonObject p : ref.getJsonArray("inclusion_proofs").getValuesAs(JsonObject.class)) {
      long index = p.getJsonNumber("leaf_index").longValue();
      long size = p.getJsonNumber("tree_size").longValue();
      List<byte[]> expected = hexList(p.getJsonArray("proof"));
      List<byte[]> proof = Proofs.inclusion(index, size, tree);
      assertEquals(expected.size(), proof.size());
      for (int i = 0; i < proof.size(); i++) {
        assertArrayEquals(expected.get(i), proof.get(i));
      }
      Proofs.verifyInclusion(
          index, size, hex(p.getString("leaf_hash")), proof, hex(p.getString("root")));
    }
    for (JsonObject p : ref.getJsonArray("consistency_proofs").getValuesAs(JsonObject.class)) {
      long size1 = p.getJsonNumber("size1").longValue();
      long size2 = p.getJsonNumber("size2").longValue();
      List<byte[]> expected = hexList(p.getJsonArray("proof"));
      List<byte[]> proof = Proofs.consistency(size1, size2, tree);
      assertEquals(expected.size(), proof.size(), size1 + "->" + size2);
      for (int i = 0; i < proof.size(); i++) {
        assertArrayEquals(expected.get(i), proof.get(i));
      }
      Proofs.verifyConsistency(
          size1, size2, hex(p.getString("root1")), hex(p.getString("root2")), proof);
    }
  }

  @Test
  void everyProofInSmallTrees_generatesAndVerifies() throws Exception {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      entries.add(new byte[] {(byte) i, 7});
    }
    MemoryTree tree = new MemoryTree(entries);
    for (long size = 1; size <= entries.size(); size++) {
      byte[] root = Proofs.rootHash(size, tree);
      for (long i = 0; i < size; i++) {
        Proofs.verifyInclusion(i, size, tree.hash(0, i), Proofs.inclusion(i, size, tree), root);
      }
      for (long m = 1; m <= size; m++) {
        Proofs.verifyConsistency(
            m, size, Proofs.rootHash(m, tree), root, Proofs.consistency(m, size, tree));
      }
    }
  }

  @Test
  void transparencyDevProbes_succeedExactlyWhenExpected() throws IOException {
    Path base = TlogVectors.dir().resolve("transparency-dev-merkle/testdata");
    List<Path> probes;
    try (Stream<Path> files = Files.walk(base)) {
      probes = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(196, probes.size(), "probe count");
    for (Path probe : probes) {
      JsonObject p = TlogVectors.read(probe);
      boolean wantErr = p.getBoolean("wantErr");
      try {
        if (p.containsKey("leafIdx")) {
          Proofs.verifyInclusion(
              p.getJsonNumber("leafIdx").longValue(),
              p.getJsonNumber("treeSize").longValue(),
              TlogVectors.b64(p, "leafHash"),
              TlogVectors.b64List(p, "proof"),
              TlogVectors.b64(p, "root"));
        } else {
          Proofs.verifyConsistency(
              p.getJsonNumber("size1").longValue(),
              p.getJsonNumber("size2").longValue(),
              TlogVectors.b64(p, "root1"),
              TlogVectors.b64(p, "root2"),
              TlogVectors.b64List(p, "proof"));
        }
        if (wantErr) {
          fail(base.relativize(probe) + " verified but should fail");
        }
      } catch (LogVerificationException e) {
        if (!wantErr) {
          fail(base.relativize(probe) + " failed: " + e.getMessage());
        }
      }
    }
  }

  @Test
  void verifyInclusion_failsOnWrongRootAndNamesBoth() throws Exception {
    MemoryTree tree = new MemoryTree(List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}));
    byte[] wrong = new byte[32];
    InclusionProofVerificationException e =
        assertThrows(
            InclusionProofVerificationException.class,
            () ->
                Proofs.verifyInclusion(1, 3, tree.hash(0, 1), Proofs.inclusion(1, 3, tree), wrong));
    assertEquals(true, e.getMessage().contains("does not match expected root 0000"));
  }
}
