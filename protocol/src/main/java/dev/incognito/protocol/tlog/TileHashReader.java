package dev.incognito.protocol.tlog;

import static dev.incognito.protocol.tlog.MerkleHashes.HASH_SIZE;
import static dev.incognito.protocol.tlog.TilePaths.TILE_HEIGHT;
import static dev.incognito.protocol.tlog.TilePaths.TILE_WIDTH;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads complete-subtree hashes of a tree of a given size from its hash tiles, fetching each tile
 * once. Hashes at levels between tile levels are computed by hashing up inside the tile below.
 */
public final class TileHashReader implements HashReader {

  /** Fetches the body of a tile by its path (relative to the log's prefix). */
  @FunctionalInterface
  public interface TileSource {
    byte[] fetch(String path) throws IOException;
  }

  /** Tiles kept by one reader: enough for proofs in any tree. */
  public static final int MAX_CACHED_TILES = 4096;

  private final long size;
  private final TileSource source;
  private final Map<String, byte[]> tiles = new HashMap<>();

  public TileHashReader(long size, TileSource source) {
    if (size < 0) {
      throw new IllegalArgumentException("tree size " + size + " is negative");
    }
    this.size = size;
    this.source = source;
  }

  @Override
  public byte[] hash(int level, long index) throws IOException {
    if (level < 0 || level > 63 || index < 0 || ((index + 1) << level) > size) {
      throw new IOException(
          "no complete subtree at level " + level + " index " + index + " in size " + size);
    }
    int tileLevel = level / TILE_HEIGHT;
    int within = level % TILE_HEIGHT;
    long first = index << within; // first hash at tree level 8·tileLevel
    long tileIndex = first / TILE_WIDTH;
    byte[] tile = tile(TilePaths.hashTile(tileLevel, tileIndex, size));
    int offset = (int) (first - tileIndex * TILE_WIDTH);
    return MerkleHashes.rootOfHashes(tile, offset, 1 << within);
  }

  private byte[] tile(TilePaths.Tile tile) throws IOException {
    String path = tile.path();
    byte[] body = tiles.get(path);
    if (body == null) {
      body = source.fetch(path);
      if (body == null || body.length != tile.width() * HASH_SIZE) {
        throw new IOException(
            "tile "
                + path
                + " has "
                + (body == null ? 0 : body.length)
                + " bytes, expected "
                + tile.width() * HASH_SIZE);
      }
      if (tiles.size() >= MAX_CACHED_TILES) {
        tiles.clear();
      }
      tiles.put(path, body);
    }
    return body;
  }
}
