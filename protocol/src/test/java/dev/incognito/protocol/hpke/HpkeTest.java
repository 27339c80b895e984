package dev.incognito.protocol.hpke;

import static dev.incognito.protocol.hpke.HpkeVectors.fixed;
import static dev.incognito.protocol.hpke.HpkeVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.secret.SecretBytes;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HpkeTest {

  static Stream<Arguments> vectors() throws IOException {
    List<JsonObject> all = HpkeVectors.supported();
    return all.stream()
        .map(
            v ->
                Arguments.of(
                    String.format(
                        "mode %d kem 0x%04x kdf 0x%04x aead 0x%04x",
                        v.getInt("mode"),
                        v.getInt("kem_id"),
                        v.getInt("kdf_id"),
                        v.getInt("aead_id")),
                    v));
  }

  @Test
  void vectorFile_hasEveryModeForEveryImplementedAead() throws IOException {
    // 4 modes x 4 AEADs for X25519 / HKDF-SHA256
    assertEquals(16, HpkeVectors.supported().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void deriveKeyPair_matchesVector(String name, JsonObject v) {
    HpkeSuite suite = HpkeVectors.suite(v);
    try (HpkeKeyPair r = Hpke.deriveKeyPair(suite, hex(v, "ikmR"));
        HpkeKeyPair e = Hpke.deriveKeyPair(suite, hex(v, "ikmE"))) {
      assertArrayEquals(hex(v, "skRm"), r.privateKey().revealForUse());
      assertArrayEquals(hex(v, "pkRm"), r.publicKey());
      assertArrayEquals(hex(v, "skEm"), e.privateKey().revealForUse());
      assertArrayEquals(hex(v, "pkEm"), e.publicKey());
    }
    if (v.containsKey("ikmS")) {
      try (HpkeKeyPair s = Hpke.deriveKeyPair(suite, hex(v, "ikmS"))) {
        assertArrayEquals(hex(v, "skSm"), s.privateKey().revealForUse());
        assertArrayEquals(hex(v, "pkSm"), s.publicKey());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void sender_reproducesEncCiphertextsAndExports(String name, JsonObject v) throws Exception {
    SenderContext s = sender(v);
    assertArrayEquals(hex(v, "enc"), s.enc());
    if (!s.suite().isExportOnly()) {
      for (JsonObject e : v.getJsonArray("encryptions").getValuesAs(JsonObject.class)) {
        assertArrayEquals(hex(e, "ct"), s.seal(hex(e, "aad"), hex(e, "pt")));
      }
      assertEquals(257, s.sequenceNumber());
    }
    checkExports(v, s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void recipient_opensEveryCiphertextAndExports(String name, JsonObject v) throws Exception {
    RecipientContext r = recipient(v, hex(v, "enc"));
    if (!r.suite().isExportOnly()) {
      for (JsonObject e : v.getJsonArray("encryptions").getValuesAs(JsonObject.class)) {
        assertArrayEquals(hex(e, "pt"), r.open(hex(e, "aad"), hex(e, "ct")));
      }
    }
    checkExports(v, r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void open_rejectsTamperedCiphertextWithoutAdvancing(String name, JsonObject v) throws Exception {
    HpkeSuite suite = HpkeVectors.suite(v);
    if (suite.isExportOnly()) {
      RecipientContext r = recipient(v, hex(v, "enc"));
      assertThrows(IllegalStateException.class, () -> r.open(new byte[0], new byte[16]));
      return;
    }
    JsonObject first = v.getJsonArray("encryptions").getJsonObject(0);
    RecipientContext r = recipient(v, hex(v, "enc"));
    byte[] ct = hex(first, "ct");
    for (int i = 0; i < ct.length; i += 7) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x01;
      HpkeException ex = assertThrows(HpkeException.class, () -> r.open(hex(first, "aad"), bad));
      assertEquals("AEAD open failed", ex.getMessage());
    }
    byte[] badAad = (first.getString("aad") + "00").getBytes(StandardCharsets.US_ASCII);
    assertThrows(HpkeException.class, () -> r.open(badAad, ct));
    assertEquals(0, r.sequenceNumber());
    assertArrayEquals(hex(first, "pt"), r.open(hex(first, "aad"), ct));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void open_rejectsCiphertextsOutOfOrder(String name, JsonObject v) throws Exception {
    if (HpkeVectors.suite(v).isExportOnly()) {
      return;
    }
    JsonObject second = v.getJsonArray("encryptions").getJsonObject(1);
    RecipientContext r = recipient(v, hex(v, "enc"));
    assertThrows(HpkeException.class, () -> r.open(hex(second, "aad"), hex(second, "ct")));
  }

  @Test
  void setupBaseR_rejectsEncOfWrongLength() throws Exception {
    HpkeSuite suite = HpkeSuite.X25519_SHA256_AES_128_GCM;
    try (HpkeKeyPair kp = Hpke.generateKeyPair(suite)) {
      for (int len : new int[] {0, 1, 31, 33, 64}) {
        HpkeException ex =
            assertThrows(
                HpkeException.class, () -> Hpke.setupBaseR(suite, new byte[len], kp, new byte[0]));
        assertTrue(ex.getMessage().contains("encapsulated key"), ex.getMessage());
      }
    }
  }

  @Test
  void setupBaseR_rejectsSmallOrderEnc() throws Exception {
    HpkeSuite suite = HpkeSuite.X25519_SHA256_AES_128_GCM;
    try (HpkeKeyPair kp = Hpke.generateKeyPair(suite)) {
      // u = 0 and u = 1 are small-order points: X25519 gives the all-zero output (RFC 7748 §6.1)
      byte[] one = new byte[32];
      one[0] = 1;
      assertThrows(
          HpkeException.class, () -> Hpke.setupBaseR(suite, new byte[32], kp, new byte[0]));
      assertThrows(HpkeException.class, () -> Hpke.setupBaseR(suite, one, kp, new byte[0]));
    }
  }

  @Test
  void setupBaseS_rejectsPublicKeyOfWrongLength() {
    assertThrows(
        HpkeException.class,
        () -> Hpke.setupBaseS(HpkeSuite.X25519_SHA256_AES_128_GCM, new byte[31], new byte[0]));
  }

  @Test
  void roundTrip_withGeneratedKeys_forEveryAead() throws Exception {
    for (int aead :
        new int[] {
          HpkeSuite.AEAD_AES_128_GCM, HpkeSuite.AEAD_AES_256_GCM, HpkeSuite.AEAD_CHACHA20_POLY1305
        }) {
      HpkeSuite suite =
          HpkeSuite.of(HpkeSuite.KEM_X25519_HKDF_SHA256, HpkeSuite.KDF_HKDF_SHA256, aead);
      try (HpkeKeyPair kp = Hpke.generateKeyPair(suite)) {
        byte[] info = "info".getBytes(StandardCharsets.US_ASCII);
        SenderContext s = Hpke.setupBaseS(suite, kp.publicKey(), info);
        RecipientContext r = Hpke.setupBaseR(suite, s.enc(), kp.privateKey(), info);
        for (int i = 0; i < 3; i++) {
          byte[] pt = ("message " + i).getBytes(StandardCharsets.US_ASCII);
          assertArrayEquals(pt, r.open(new byte[0], s.seal(new byte[0], pt)));
        }
        assertArrayEquals(s.export("ctx", 42), r.export("ctx", 42));
      }
    }
  }

  @Test
  void setupBaseR_withOtherInfo_failsToOpen() throws Exception {
    HpkeSuite suite = HpkeSuite.X25519_SHA256_CHACHA20_POLY1305;
    try (HpkeKeyPair kp = Hpke.generateKeyPair(suite)) {
      SenderContext s = Hpke.setupBaseS(suite, kp.publicKey(), new byte[] {1});
      RecipientContext r = Hpke.setupBaseR(suite, s.enc(), kp, new byte[] {2});
      byte[] ct = s.seal(new byte[0], new byte[10]);
      assertThrows(HpkeException.class, () -> r.open(new byte[0], ct));
    }
  }

  @Test
  void suite_rejectsUnsupportedIds() {
    assertThrows(IllegalArgumentException.class, () -> HpkeSuite.of(0x0010, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> HpkeSuite.of(0x0020, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> HpkeSuite.of(0x0020, 1, 4));
  }

  @Test
  void nonceSequence_xorsBaseNonceWithSequenceNumber() throws Exception {
    // A.1.1 base-mode X25519/SHA-256/AES-128-GCM: base_nonce 56d890e5accaaf011cff4b7d
    JsonObject v = HpkeVectors.supported().get(0);
    assertEquals(0, v.getInt("mode"));
    SenderContext s = sender(v);
    List<JsonObject> enc = v.getJsonArray("encryptions").getValuesAs(JsonObject.class);
    for (JsonObject e : enc) {
      assertEquals(e.getString("nonce"), HexFormat.of().formatHex(s.computeNonce()));
      s.seal(hex(e, "aad"), hex(e, "pt"));
    }
  }

  private static void checkExports(JsonObject v, HpkeContext ctx) {
    for (JsonObject e : v.getJsonArray("exports").getValuesAs(JsonObject.class)) {
      assertArrayEquals(
          hex(e, "exported_value"), ctx.export(hex(e, "exporter_context"), e.getInt("L")));
    }
  }

  static SenderContext sender(JsonObject v) throws HpkeException {
    HpkeSuite suite = HpkeVectors.suite(v);
    byte[] pkR = hex(v, "pkRm");
    byte[] info = hex(v, "info");
    var random = fixed(hex(v, "skEm"));
    switch (v.getInt("mode")) {
      case Hpke.MODE_BASE:
        return Hpke.setupBaseS(suite, pkR, info, random);
      case Hpke.MODE_PSK:
        return Hpke.setupPskS(suite, pkR, info, psk(v), hex(v, "psk_id"), random);
      case Hpke.MODE_AUTH:
        return Hpke.setupAuthS(suite, pkR, info, senderKey(v), random);
      default:
        return Hpke.setupAuthPskS(suite, pkR, info, psk(v), hex(v, "psk_id"), senderKey(v), random);
    }
  }

  static RecipientContext recipient(JsonObject v, byte[] enc) throws HpkeException {
    HpkeSuite suite = HpkeVectors.suite(v);
    HpkeKeyPair kpR = Hpke.keyPair(suite, SecretBytes.copyOf(hex(v, "skRm")));
    assertArrayEquals(hex(v, "pkRm"), kpR.publicKey());
    byte[] info = hex(v, "info");
    switch (v.getInt("mode")) {
      case Hpke.MODE_BASE:
        return Hpke.setupBaseR(suite, enc, SecretBytes.copyOf(hex(v, "skRm")), info);
      case Hpke.MODE_PSK:
        return Hpke.setupPskR(suite, enc, kpR, info, psk(v), hex(v, "psk_id"));
      case Hpke.MODE_AUTH:
        return Hpke.setupAuthR(suite, enc, kpR, info, hex(v, "pkSm"));
      default:
        return Hpke.setupAuthPskR(suite, enc, kpR, info, psk(v), hex(v, "psk_id"), hex(v, "pkSm"));
    }
  }

  private static SecretBytes psk(JsonObject v) {
    return SecretBytes.copyOf(hex(v, "psk"));
  }

  private static HpkeKeyPair senderKey(JsonObject v) {
    return Hpke.keyPair(HpkeVectors.suite(v), SecretBytes.copyOf(hex(v, "skSm")));
  }
}
