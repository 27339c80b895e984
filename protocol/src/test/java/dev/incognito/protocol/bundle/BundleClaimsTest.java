package dev.incognito.protocol.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BundleClaimsTest {

  private static final HexFormat HEX = HexFormat.of();
  // the RFC 9458 Appendix A key configuration in application/ohttp-keys form
  private static final byte[] KEYS =
      HEX.parseHex(
          "002d01002031e1f05a740102115220e9af918f738674aec95f54db6e04eb705aae8e79815500080001000100010003");

  private static byte[] filled(int b) {
    byte[] a = new byte[32];
    Arrays.fill(a, (byte) b);
    return a;
  }

  @Test
  void canonicalEncoding_hasTheDocumentedLayout() {
    var c = new BundleClaims(KEYS, filled(1), filled(2), filled(3), 0x0102030405060708L);
    byte[] enc = c.canonicalEncoding();
    assertEquals(20 + 4 + KEYS.length + 96 + 8, enc.length);
    assertArrayEquals("incognito-bundle/v1\0".getBytes(), Arrays.copyOfRange(enc, 0, 20));
    assertArrayEquals(HEX.parseHex("0000002f"), Arrays.copyOfRange(enc, 20, 24));
    assertArrayEquals(KEYS, Arrays.copyOfRange(enc, 24, 24 + KEYS.length));
    int o = 24 + KEYS.length;
    assertArrayEquals(filled(1), Arrays.copyOfRange(enc, o, o + 32));
    assertArrayEquals(filled(2), Arrays.copyOfRange(enc, o + 32, o + 64));
    assertArrayEquals(filled(3), Arrays.copyOfRange(enc, o + 64, o + 96));
    assertArrayEquals(HEX.parseHex("0102030405060708"), Arrays.copyOfRange(enc, o + 96, o + 104));
    assertEquals(64, c.reportData().length);
  }

  @Test
  void reportData_changesWithEveryField() {
    var base = new BundleClaims(KEYS, filled(1), filled(2), filled(3), 1000);
    byte[] otherKeys = KEYS.clone();
    otherKeys[otherKeys.length - 1] ^= 1;
    var variants =
        new BundleClaims[] {
          base,
          new BundleClaims(otherKeys, filled(1), filled(2), filled(3), 1000),
          new BundleClaims(KEYS, filled(9), filled(2), filled(3), 1000),
          new BundleClaims(KEYS, filled(1), filled(9), filled(3), 1000),
          new BundleClaims(KEYS, filled(1), filled(2), filled(9), 1000),
          new BundleClaims(KEYS, filled(1), filled(2), filled(3), 1001)
        };
    var seen = new HashSet<String>();
    for (var v : variants) {
      assertFalse(!seen.add(HEX.formatHex(v.reportData())), "distinct report data");
    }
  }

  @Test
  void constructor_rejectsWrongLengths() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new BundleClaims(new byte[0], filled(1), filled(2), filled(3), 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new BundleClaims(KEYS, new byte[31], filled(2), filled(3), 0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BundleClaims(
                new byte[BundleClaims.MAX_OHTTP_KEYS_BYTES + 1],
                filled(1),
                filled(2),
                filled(3),
                0));
  }
}
