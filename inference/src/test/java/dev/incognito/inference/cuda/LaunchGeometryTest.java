package dev.incognito.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LaunchGeometryTest {

  @Test
  void matmul_coversEveryRowAndInputOnce() {
    // rows, batch -> gridX, gridY
    int[][] cases = {
      {1, 1, 1, 1}, {8, 8, 1, 1}, {9, 9, 2, 2}, {4096, 1, 512, 1}, {128256, 17, 16032, 3}
    };
    for (int[] c : cases) {
      LaunchGeometry g = LaunchGeometry.matmul(c[0], c[1]);
      assertEquals(c[2], g.gridX(), "gridX for " + c[0] + " rows");
      assertEquals(c[3], g.gridY(), "gridY for batch " + c[1]);
      assertEquals(32, g.blockX());
      assertEquals(LaunchGeometry.ROWS_PER_BLOCK, g.blockY());
      // every row has a warp and no block lies wholly past the end
      assertEquals(true, (long) g.gridX() * g.blockY() >= c[0]);
      assertEquals(true, (long) (g.gridX() - 1) * g.blockY() < c[0]);
    }
  }

  @Test
  void rope_launchesOneThreadPerPair() {
    LaunchGeometry g = LaunchGeometry.rope(32, 128, 3); // 2048 pairs per row
    assertEquals(8, g.gridX());
    assertEquals(3, g.gridY());
    assertEquals(256, g.blockX());
    LaunchGeometry small = LaunchGeometry.rope(8, 8, 1); // stories260K: 32 pairs
    assertEquals(1, small.gridX());
  }

  @Test
  void attention_geometries() {
    assertEquals(new LaunchGeometry(32, 5, 32, 4, 0), LaunchGeometry.attentionDecode(32, 5));
    assertEquals(new LaunchGeometry(8, 32, 32, 8, 0), LaunchGeometry.attentionPrefill(64, 32));
    assertEquals(new LaunchGeometry(1, 8, 32, 8, 0), LaunchGeometry.attentionPrefill(1, 8));
  }

  @Test
  void flat_handlesArraysBeyondIntRange() {
    assertEquals(1L << 24, LaunchGeometry.flat(1L << 32).gridX());
  }

  @Test
  void constructor_rejectsGeometryCudaRefuses() {
    assertThrows(IllegalArgumentException.class, () -> new LaunchGeometry(1, 65536, 32, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new LaunchGeometry(1, 1, 64, 32, 0));
    assertThrows(IllegalArgumentException.class, () -> new LaunchGeometry(0, 1, 32, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.matmul(8, 65536 * 8 + 1));
  }
}
