package dev.incognito.protocol.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TileHashReaderTest {

  private static JsonObject vectors() throws IOException {
    return TlogVectors.read(TlogVectors.dir().resolve("tlog-tiles-vectors.json"));
  }

  @Test
  void encodeIndex_matchesSpecExamples() throws IOException {
    for (JsonObject row : vectors().getJsonArray("index_encoding").getValuesAs(JsonObject.class)) {
      assertEquals(
          row.getString("encoded"), TilePaths.encodeIndex(row.getJsonNumber("n").longValue()));
    }
  }

  @Test
  void tileShapes_matchSpecForTreeSizes() throws IOException {
    for (JsonObject row :
        vectors().getJsonArray("tiles_for_tree_size").getValuesAs(JsonObject.class)) {
      long size = row.getJsonNumber("tree_size").longValue();
      for (JsonObject t : row.getJsonArray("tiles").getValuesAs(JsonObject.class)) {
        int level = t.getInt("level");
        long count = size >>> (8 * level);
        assertEquals(t.getInt("full_tiles"), count / 256, "full tiles at " + level);
        assertEquals(t.getInt("partial_width"), count % 256, "partial width at " + level);
        if (!t.isNull("partial_path")) {
          assertEquals(
              t.getString("partial_path"), TilePaths.hashTile(level, count / 256, size).path());
        }
      }
    }
  }

  @Test
  void parse_acceptsCanonicalPathsAndRejectsHostileOnes() {
    for (String ok :
        List.of("tile/0/000", "tile/0/273.p/112", "tile/entries/x001/x234/067", "tile/2/000.p/1")) {
      assertEquals(ok, TilePaths.parse(ok).path());
    }
    for (String bad :
        List.of(
            "tile/0/0",
            "tile/0/1000",
            "tile/0/000.p/256",
            "tile/0/000.p/0",
            "tile/0/000.p/007",
            "tile/0/x000/001",
            "tile/9/000",
            "tile/0/../000",
            "tile/entries/000/",
            "tile/0/x001",
            "tile//000",
            "tile/0/x999/x999/x999/x999/x999/x999/x999/999")) {
      assertThrows(IllegalArgumentException.class, () -> TilePaths.parse(bad), bad);
    }
  }

  @Test
  void derivedTiles_matchReferenceTree() throws IOException {
    JsonObject ref = TlogVectors.read(TlogVectors.dir().resolve("rfc6962-reference-tree.json"));
    ProofsTest.MemoryTree tree = referenceTree(ref);
    for (JsonObject t :
        vectors().getJsonArray("derived_tiles_8_leaf_tree").getValuesAs(JsonObject.class)) {
      byte[] body = Base64.getDecoder().decode(t.getString("body_b64"));
      TilePaths.Tile tile = TilePaths.parse(t.getString("path"));
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      for (int i = 0; i < tile.width(); i++) {
        if (tile.isEntries()) {
          byte[] e = TlogVectors.hex(ref.getJsonArray("leaf_inputs_hex").getString(i));
          expected.write(e.length >>> 8);
          expected.write(e.length);
          expected.writeBytes(e);
        } else {
          expected.writeBytes(tree.hash(0, i));
        }
      }
      assertArrayEquals(expected.toByteArray(), body, tile.path());
    }
  }

  @Test
  void proofsFromTiles_equalProofsFromTheTree() throws Exception {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 70_000; i++) {
      entries.add(Integer.toString(i).getBytes());
    }
    ProofsTest.MemoryTree tree = new ProofsTest.MemoryTree(entries);
    long size = entries.size();
    Map<String, byte[]> served = new HashMap<>();
    for (int level = 0; level <= 2; level++) {
      long count = size >>> (8 * level);
      for (long n = 0; n * 256 < count; n++) {
        TilePaths.Tile tile = TilePaths.hashTile(level, n, size);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < tile.width(); i++) {
          body.writeBytes(tree.hash(8 * level, n * 256 + i));
        }
        served.put(tile.path(), body.toByteArray());
      }
    }
    List<String> fetched = new ArrayList<>();
    TileHashReader tiles =
        new TileHashReader(
            size,
            path -> {
              fetched.add(path);
              return served.get(path);
            });
    byte[] root = Proofs.rootHash(size, tree);
    assertArrayEquals(root, Proofs.rootHash(size, tiles));
    for (long i : new long[] {0, 1, 255, 256, 65535, 65536, 69_999}) {
      Proofs.verifyInclusion(i, size, tree.hash(0, i), Proofs.inclusion(i, size, tiles), root);
    }
    Proofs.verifyConsistency(
        1234, size, Proofs.rootHash(1234, tree), root, Proofs.consistency(1234, size, tiles));
    assertEquals(fetched.size(), fetched.stream().distinct().count(), "each tile fetched once");
  }

  @Test
  void hash_rejectsTileOfWrongLength() {
    TileHashReader tiles = new TileHashReader(8, path -> new byte[31]);
    assertThrows(IOException.class, () -> tiles.hash(0, 0));
    assertThrows(IOException.class, () -> new TileHashReader(8, p -> null).hash(3, 1));
  }

  private static ProofsTest.MemoryTree referenceTree(JsonObject ref) {
    List<byte[]> entries = new ArrayList<>();
    ref.getJsonArray("leaf_inputs_hex")
        .getValuesAs(jakarta.json.JsonString.class)
        .forEach(s -> entries.add(TlogVectors.hex(s.getString())));
    return new ProofsTest.MemoryTree(entries);
  }
}
