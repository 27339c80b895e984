package dev.incognito.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.incognito.inference.cpu.TensorType;
import org.junit.jupiter.api.Test;

class WeightLayoutTest {

  @Test
  void add_alignsEveryTensorTo256Bytes() {
    WeightLayout l = new WeightLayout();
    assertEquals(0, l.add(34)); // one Q8_0 block
    assertEquals(256, l.add(256));
    assertEquals(512, l.add(1));
    assertEquals(513, l.size());
    assertEquals(256, l.offset(1));
    assertThrows(IllegalArgumentException.class, () -> l.add(0));
  }

  @Test
  void blockOffset_followsGgmlBlockSizes() {
    // type, cols, row, col -> byte offset of the block
    Object[][] cases = {
      {TensorType.F32, 64, 0, 3, 12L},
      {TensorType.F16, 64, 1, 3, 128L + 6},
      {TensorType.BF16, 64, 2, 63, 256L + 126},
      {TensorType.Q8_0, 64, 0, 31, 0L},
      {TensorType.Q8_0, 64, 0, 32, 34L},
      {TensorType.Q8_0, 64, 1, 32, 68L + 34},
      {TensorType.Q4_0, 64, 1, 40, 36L + 18},
      {TensorType.Q4_K, 512, 0, 255, 0L},
      {TensorType.Q4_K, 512, 0, 256, 144L},
      {TensorType.Q4_K, 512, 3, 300, 3 * 288L + 144},
      {TensorType.Q6_K, 4096, 2, 4095, 2 * 16 * 210L + 15 * 210},
    };
    for (Object[] c : cases) {
      assertEquals(
          (long) c[4],
          WeightLayout.blockOffset((TensorType) c[0], (int) c[1], (int) c[2], (int) c[3]),
          c[0] + " (" + c[2] + ", " + c[3] + ")");
    }
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> WeightLayout.blockOffset(TensorType.Q8_0, 64, 0, 64));
  }
}
