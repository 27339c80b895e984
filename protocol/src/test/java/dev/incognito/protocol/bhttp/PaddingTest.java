package dev.incognito.protocol.bhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PaddingTest {

  @Test
  void bucketFor_table() {
    int k = 1024;
    int[][] table = {
      {0, 256},
      {1, 256},
      {256, 256},
      {257, 512},
      {512, 512},
      {513, k},
      {k, k},
      {k + 1, 2 * k},
      {4 * k + 1, 8 * k},
      {32 * k, 32 * k},
      {32 * k + 1, 64 * k},
      {64 * k, 64 * k},
      {64 * k + 1, 128 * k},
      {128 * k, 128 * k},
      {128 * k + 1, 192 * k},
      {1_000_000, 1_048_576},
      {Padding.MAX_LENGTH, Padding.MAX_LENGTH}
    };
    for (int[] row : table) {
      assertEquals(row[1], Padding.bucketFor(row[0]), "bucket for " + row[0]);
    }
  }

  @Test
  void bucketFor_rejectsNegativeAndOverMax() {
    assertThrows(IllegalArgumentException.class, () -> Padding.bucketFor(-1));
    assertThrows(IllegalArgumentException.class, () -> Padding.bucketFor(Padding.MAX_LENGTH + 1));
  }

  @Test
  void padToBucket_appendsZerosOnly() throws Exception {
    BinaryRequest req =
        BinaryRequest.post("/v1/chat/completions", "application/json", new byte[300]);
    byte[] enc = BinaryHttp.encode(req);
    byte[] padded = Padding.padToBucket(enc);
    assertEquals(512, padded.length);
    assertArrayEquals(enc, Arrays.copyOf(padded, enc.length));
    for (int i = enc.length; i < padded.length; i++) {
      assertEquals(0, padded[i]);
    }
    assertEquals(req, BinaryHttp.decodeRequest(padded));
  }

  @Test
  void padTo_rejectsShorterTarget() {
    assertThrows(IllegalArgumentException.class, () -> Padding.padTo(new byte[10], 9));
    assertEquals(10, Padding.padTo(new byte[10], 10).length);
  }
}
