package dev.incognito.protocol.receipt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ReceiptTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] REQUEST =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] ANSWER = "Hello there.".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MODEL = Receipt.sha256("weights".getBytes(StandardCharsets.UTF_8));
  private static final byte[] POLICY = Receipt.sha256("policy".getBytes(StandardCharsets.UTF_8));
  private static final byte[] NONCE = HEX.parseHex("00112233445566778899aabbccddeeff");

  @Test
  void receiptKey_derivesThePublicKeyOfRfc8032TestVector1() {
    var seed =
        SecretBytes.wrap(
            HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    try (var key = ReceiptKey.fromSeed(seed)) {
      assertArrayEquals(
          HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
          key.publicKey());
    }
  }

  @Test
  void verify_failsClosedOnAKeyThatIsNotACurvePoint() {
    byte[] notAPoint = new byte[32];
    java.util.Arrays.fill(notAPoint, (byte) 0xff); // y >= p: no Ed25519 point
    try (var key = ReceiptKey.generate(new SecureRandom())) {
      Receipt signed = key.sign(REQUEST, ANSWER, MODEL, POLICY, 1_790_000_000L, NONCE);
      Receipt claimed =
          new Receipt(
              signed.requestSha256(),
              signed.responseSha256(),
              signed.modelSha256(),
              signed.policySha256(),
              signed.time(),
              signed.nonce(),
              ReceiptKey.keyId(notAPoint),
              signed.signature());
      ReceiptVerificationException e =
          assertThrows(
              ReceiptVerificationException.class,
              () ->
                  new ReceiptVerifier(notAPoint)
                      .verify(claimed, REQUEST, ANSWER, MODEL, POLICY, NONCE));
      assertEquals("the receipt key is not an Ed25519 public key", e.getMessage());
    }
  }

  @Test
  void signThenVerify_acceptsTheTranscriptAndSurvivesJson() throws Exception {
    try (var key = ReceiptKey.generate(new SecureRandom())) {
      Receipt r = key.sign(REQUEST, ANSWER, MODEL, POLICY, 1_790_000_000L, NONCE);
      Receipt parsed = Receipt.fromJson(r.toJson());
      assertEquals(r, parsed);
      new ReceiptVerifier(key.publicKey()).verify(parsed, REQUEST, ANSWER, MODEL, POLICY, NONCE);
    }
  }

  @Test
  void verify_namesEachFieldThatDoesNotMatch() {
    try (var key = ReceiptKey.generate(new SecureRandom())) {
      Receipt r = key.sign(REQUEST, ANSWER, MODEL, POLICY, 1_790_000_000L, NONCE);
      var v = key.verifier();
      byte[] other = "x".getBytes(StandardCharsets.UTF_8);
      assertTrue(
          assertThrows(
                  ReceiptVerificationException.class,
                  () -> v.verify(r, other, ANSWER, MODEL, POLICY, NONCE))
              .getMessage()
              .startsWith("request digest does not match"));
      assertTrue(
          assertThrows(
                  ReceiptVerificationException.class,
                  () -> v.verify(r, REQUEST, other, MODEL, POLICY, NONCE))
              .getMessage()
              .startsWith("response digest does not match"));
      assertTrue(
          assertThrows(
                  ReceiptVerificationException.class,
                  () -> v.verify(r, REQUEST, ANSWER, POLICY, POLICY, NONCE))
              .getMessage()
              .startsWith("model digest does not match"));
      assertTrue(
          assertThrows(
                  ReceiptVerificationException.class,
                  () -> v.verify(r, REQUEST, ANSWER, MODEL, MODEL, NONCE))
              .getMessage()
              .startsWith("policy digest does not match"));
      assertEquals(
          "receipt nonce is not the nonce the device sent",
          assertThrows(
                  ReceiptVerificationException.class,
                  () -> v.verify(r, REQUEST, ANSWER, MODEL, POLICY, new byte[16]))
              .getMessage());
      try (var otherKey = ReceiptKey.generate(new SecureRandom())) {
        assertTrue(
            assertThrows(
                    ReceiptVerificationException.class,
                    () -> otherKey.verifier().verify(r, REQUEST, ANSWER, MODEL, POLICY, NONCE))
                .getMessage()
                .contains("is not the bundle's receipt key"));
      }
    }
  }

  @Test
  void verify_failsOnEveryBitFlipOfTheSignatureAndTime() {
    try (var key = ReceiptKey.generate(new SecureRandom())) {
      Receipt r = key.sign(REQUEST, ANSWER, MODEL, POLICY, 1_790_000_000L, NONCE);
      var v = key.verifier();
      byte[] sig = r.signature();
      for (int bit = 0; bit < sig.length * 8; bit++) {
        byte[] s = sig.clone();
        s[bit / 8] ^= (byte) (1 << (bit % 8));
        Receipt forged =
            new Receipt(
                r.requestSha256(),
                r.responseSha256(),
                r.modelSha256(),
                r.policySha256(),
                r.time(),
                r.nonce(),
                r.keyId(),
                s);
        assertThrows(
            ReceiptVerificationException.class,
            () -> v.verify(forged, REQUEST, ANSWER, MODEL, POLICY, NONCE),
            "bit " + bit);
      }
      Receipt otherTime =
          new Receipt(
              r.requestSha256(),
              r.responseSha256(),
              r.modelSha256(),
              r.policySha256(),
              r.time() + 1,
              r.nonce(),
              r.keyId(),
              r.signature());
      assertEquals(
          "receipt signature does not verify",
          assertThrows(
                  ReceiptVerificationException.class,
                  () -> v.verify(otherTime, REQUEST, ANSWER, MODEL, POLICY, NONCE))
              .getMessage());
    }
  }

  @Test
  void fromJson_rejectsMalformedReceipts() {
    assertThrows(ReceiptVerificationException.class, () -> Receipt.fromJson("[]"));
    assertThrows(ReceiptVerificationException.class, () -> Receipt.fromJson("{\"version\":1}"));
    assertThrows(ReceiptVerificationException.class, () -> Receipt.fromJson("not json"));
    assertThrows(
        ReceiptVerificationException.class,
        () -> Receipt.fromJson("{" + " ".repeat(Receipt.MAX_JSON_CHARS) + "}"));
  }
}
