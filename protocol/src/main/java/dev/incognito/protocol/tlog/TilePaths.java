package dev.incognito.protocol.tlog;

/**
 * Paths of the C2SP tlog-tiles layout: {@code tile/<L>/<N>[.p/<W>]} for hash tiles and {@code
 * tile/entries/<N>[.p/<W>]} for entry bundles, with {@code N} in groups of three digits ({@code
 * 1234067 → x001/x234/067}).
 */
public final class TilePaths {

  /** Hashes (or entries) in a full tile. */
  public static final int TILE_WIDTH = 256;

  /** Tree levels covered by one tile level. */
  public static final int TILE_HEIGHT = 8;

  /** Highest tile level a tree of at most 2^63 leaves has. */
  public static final int MAX_TILE_LEVEL = 63 / TILE_HEIGHT;

  /** Digit groups an index may have (enough for any long). */
  private static final int MAX_INDEX_GROUPS = 7;

  private TilePaths() {}

  /**
   * A parsed tile address; {@code level} is -1 for an entry bundle; {@code width} 256 when full.
   */
  public record Tile(int level, long index, int width) {
    public Tile {
      if (level < -1 || level > MAX_TILE_LEVEL) {
        throw new IllegalArgumentException("tile level " + level + " is out of range");
      }
      if (index < 0) {
        throw new IllegalArgumentException("tile index " + index + " is negative");
      }
      if (width < 1 || width > TILE_WIDTH) {
        throw new IllegalArgumentException("tile width " + width + " is not in 1..256");
      }
    }

    public boolean isEntries() {
      return level == -1;
    }

    public boolean isPartial() {
      return width < TILE_WIDTH;
    }

    /** The path relative to the log's prefix. */
    public String path() {
      String base = isEntries() ? "tile/entries/" : "tile/" + level + "/";
      return base + encodeIndex(index) + (isPartial() ? ".p/" + width : "");
    }
  }

  /** {@code 1234067 → x001/x234/067}. */
  public static String encodeIndex(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("tile index " + n + " is negative");
    }
    String last = String.format("%03d", n % 1000);
    StringBuilder out = new StringBuilder(last);
    n /= 1000;
    while (n > 0) {
      out.insert(0, String.format("x%03d/", n % 1000));
      n /= 1000;
    }
    return out.toString();
  }

  /** The hash tile at {@code level} with index {@code n} as it stands in a tree of {@code size}. */
  public static Tile hashTile(int level, long n, long size) {
    long count = size >>> (TILE_HEIGHT * level); // hashes at tree level 8·level
    long width = Math.min(TILE_WIDTH, count - n * TILE_WIDTH);
    if (width < 1) {
      throw new IllegalArgumentException(
          "tile " + level + "/" + n + " does not exist in a tree of size " + size);
    }
    return new Tile(level, n, (int) width);
  }

  /** The entry bundle with index {@code n} as it stands in a tree of {@code size}. */
  public static Tile entryBundle(long n, long size) {
    long width = Math.min(TILE_WIDTH, size - n * TILE_WIDTH);
    if (width < 1) {
      throw new IllegalArgumentException(
          "entry bundle " + n + " does not exist in a tree of size " + size);
    }
    return new Tile(-1, n, (int) width);
  }

  /**
   * Parses a path relative to the log's prefix, rejecting anything that is not exactly a tile path
   * in canonical form.
   */
  public static Tile parse(String path) {
    if (path == null || path.length() > 64 || !path.startsWith("tile/")) {
      throw new IllegalArgumentException("not a tile path");
    }
    String[] parts = path.substring(5).split("/", -1);
    int i = 0;
    int level;
    if (parts[0].equals("entries")) {
      level = -1;
    } else {
      if (!parts[0].matches("[0-9]")) {
        throw new IllegalArgumentException("bad tile level");
      }
      level = Integer.parseInt(parts[0]);
      if (level > MAX_TILE_LEVEL) {
        throw new IllegalArgumentException("tile level " + level + " is out of range");
      }
    }
    i++;
    long index = 0;
    int groups = 0;
    int width = TILE_WIDTH;
    while (i < parts.length) {
      String part = parts[i++];
      if (++groups > MAX_INDEX_GROUPS) {
        throw new IllegalArgumentException("tile index has too many digit groups");
      }
      if (part.matches("x[0-9]{3}")) {
        index = index * 1000 + Integer.parseInt(part.substring(1));
        continue;
      }
      String digits = part;
      if (part.endsWith(".p")) {
        digits = part.substring(0, part.length() - 2);
        if (i != parts.length - 1 || !parts[i].matches("[1-9][0-9]{0,2}")) {
          throw new IllegalArgumentException("bad partial tile width");
        }
        width = Integer.parseInt(parts[i++]);
        if (width >= TILE_WIDTH) {
          throw new IllegalArgumentException("partial tile width must be below 256");
        }
      }
      if (!digits.matches("[0-9]{3}") || i != parts.length) {
        throw new IllegalArgumentException("bad tile index");
      }
      index = index * 1000 + Integer.parseInt(digits);
      if (index < 0) {
        throw new IllegalArgumentException("tile index overflows");
      }
      Tile tile = new Tile(level, index, width);
      if (!tile.path().equals(path)) {
        throw new IllegalArgumentException("tile path is not canonical");
      }
      return tile;
    }
    throw new IllegalArgumentException("tile path has no index");
  }
}
