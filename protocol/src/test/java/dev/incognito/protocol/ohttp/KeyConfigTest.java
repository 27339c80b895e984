package dev.incognito.protocol.ohttp;

import static dev.incognito.protocol.ohttp.TestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyConfigTest {

  // RFC 9458 Appendix A key configuration
  static final byte[] CONFIG =
      hex(
          "01002031e1f05a740102115220e9af918f738674aec95f54db6e04eb705aae8e79815500080001000100010003");

  @Test
  void decode_rejectsEveryTruncationAndTrailingByte() {
    for (int len = 0; len < CONFIG.length; len++) {
      byte[] prefix = Arrays.copyOf(CONFIG, len);
      assertThrows(MalformedMessageException.class, () -> KeyConfig.decode(prefix), "len " + len);
    }
    byte[] longer = Arrays.copyOf(CONFIG, CONFIG.length + 1);
    assertThrows(MalformedMessageException.class, () -> KeyConfig.decode(longer));
  }

  @Test
  void decode_rejectsBadAlgorithmsLength() {
    for (int bad : new int[] {0, 3, 5, 7}) {
      byte[] c = CONFIG.clone();
      c[35] = 0;
      c[36] = (byte) bad;
      assertThrows(MalformedMessageException.class, () -> KeyConfig.decode(c), "length " + bad);
    }
  }

  @Test
  void decode_rejectsTooManyAlgorithms() {
    int n = KeyConfig.MAX_SYMMETRIC_ALGORITHMS + 1;
    byte[] c = Arrays.copyOf(CONFIG, 35 + 2 + 4 * n);
    c[35] = (byte) ((4 * n) >>> 8);
    c[36] = (byte) (4 * n);
    for (int i = 0; i < n; i++) {
      c[37 + 4 * i + 1] = 1;
      c[37 + 4 * i + 3] = (byte) i;
    }
    MalformedMessageException e =
        assertThrows(MalformedMessageException.class, () -> KeyConfig.decode(c));
    assertTrue(e.getMessage().contains("more than"), e.getMessage());
  }

  @Test
  void decode_rejectsOtherKem() {
    byte[] c = CONFIG.clone();
    c[2] = 0x10; // P-256
    assertThrows(MalformedMessageException.class, () -> KeyConfig.decode(c));
  }

  @Test
  void decode_keepsAlgorithmsItCannotUse() throws Exception {
    byte[] c = CONFIG.clone();
    c[44] = 0x09; // second entry's AEAD id -> 0x0009
    KeyConfig k = KeyConfig.decode(c);
    assertEquals(new SymmetricAlgorithm(1, 9), k.algorithms().get(1));
    assertEquals(SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM, k.preferredAlgorithm().orElseThrow());
  }

  @Test
  void ohttpKeys_decodesSeveralAndSkipsOtherKems() throws Exception {
    byte[] other = CONFIG.clone();
    other[0] = 2;
    byte[] p256 = CONFIG.clone();
    p256[0] = 3;
    p256[2] = 0x10;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] c : List.of(CONFIG, p256, other)) {
      body.write(c.length >>> 8);
      body.write(c.length);
      body.write(c);
    }
    List<KeyConfig> got = KeyConfigs.decode(body.toByteArray());
    assertEquals(List.of(1, 2), got.stream().map(KeyConfig::keyId).toList());
    assertEquals(List.of(KeyConfig.decode(CONFIG), KeyConfig.decode(other)), got);
  }

  @Test
  void ohttpKeys_rejectsEveryTruncation() throws Exception {
    byte[] body = KeyConfigs.encode(List.of(KeyConfig.decode(CONFIG)));
    for (int len = 0; len < body.length; len++) {
      byte[] prefix = Arrays.copyOf(body, len);
      assertThrows(MalformedMessageException.class, () -> KeyConfigs.decode(prefix), "len " + len);
    }
  }

  @Test
  void ohttpKeys_rejectsTooManyConfigs() throws Exception {
    List<KeyConfig> many = new ArrayList<>();
    KeyConfig c = KeyConfig.decode(CONFIG);
    for (int i = 0; i < KeyConfigs.MAX_CONFIGS; i++) {
      many.add(KeyConfig.of(i, c.kemId(), c.publicKey(), c.algorithms()));
    }
    byte[] ok = KeyConfigs.encode(many);
    assertEquals(KeyConfigs.MAX_CONFIGS, KeyConfigs.decode(ok).size());
    byte[] one = Arrays.copyOf(ok, 47);
    byte[] tooMany = Arrays.copyOf(ok, ok.length + one.length);
    System.arraycopy(one, 0, tooMany, ok.length, one.length);
    assertThrows(MalformedMessageException.class, () -> KeyConfigs.decode(tooMany));
  }

  @Test
  void of_rejectsInvalidConfigs() {
    byte[] pk = new byte[32];
    List<SymmetricAlgorithm> a = List.of(SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM);
    assertThrows(IllegalArgumentException.class, () -> KeyConfig.of(-1, 0x20, pk, a));
    assertThrows(IllegalArgumentException.class, () -> KeyConfig.of(256, 0x20, pk, a));
    assertThrows(IllegalArgumentException.class, () -> KeyConfig.of(1, 0x10, pk, a));
    assertThrows(IllegalArgumentException.class, () -> KeyConfig.of(1, 0x20, new byte[31], a));
    assertThrows(IllegalArgumentException.class, () -> KeyConfig.of(1, 0x20, pk, List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> KeyConfig.of(1, 0x20, pk, List.of(a.get(0), a.get(0))));
    assertThrows(IllegalArgumentException.class, () -> new SymmetricAlgorithm(0x10000, 1));
  }
}
