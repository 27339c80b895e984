package dev.incognito.protocol.ohttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.secret.SecretBytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration DAY = Duration.ofDays(1);
  static final Duration HOUR = Duration.ofHours(1);

  final KeyRing ring = KeyRing.generate(T0, DAY, OhttpTest.ALL);

  @Test
  void generate_publishesOneKeyWithId0() throws Exception {
    assertEquals(1, ring.active(T0).size());
    assertEquals(0, ring.active(T0).get(0).keyId());
    assertEquals(OhttpTest.ALL, ring.active(T0).get(0).algorithms());
    assertEquals(ring.active(T0), KeyConfigs.decode(ring.ohttpKeys(T0)));
  }

  @Test
  void rotate_publishesBothKeysDuringOverlap_newestFirst() throws Exception {
    Instant t1 = T0.plus(Duration.ofHours(20));
    KeyRing next = ring.rotate(t1, DAY, HOUR);
    List<KeyConfig> active = next.active(t1);
    assertEquals(List.of(1, 0), active.stream().map(KeyConfig::keyId).toList());
    assertEquals(active, KeyConfigs.decode(next.ohttpKeys(t1)));
    assertEquals(t1.plus(HOUR), next.find(0, t1).notAfter());
    assertEquals(t1.plus(DAY), next.find(1, t1).notAfter());
    assertEquals(0, next.find(0, t1.plus(HOUR).minusMillis(1)).keyId());
  }

  @Test
  void rotate_retiresOldKeyAfterOverlap() throws Exception {
    Instant t1 = T0.plus(Duration.ofHours(20));
    KeyRing next = ring.rotate(t1, DAY, HOUR);
    Instant after = t1.plus(HOUR);
    assertEquals(List.of(1), next.active(after).stream().map(KeyConfig::keyId).toList());
    UnknownKeyIdException e = assertThrows(UnknownKeyIdException.class, () -> next.find(0, after));
    assertEquals(0, e.keyId());
  }

  @Test
  void rotate_dropsRetiredKeysAndKeepsTheOriginalUnchanged() throws Exception {
    KeyRing r1 = ring.rotate(T0.plus(HOUR), DAY, HOUR);
    KeyRing r2 = r1.rotate(T0.plus(Duration.ofHours(3)), DAY, HOUR);
    assertEquals(List.of(2, 1), r2.keys().stream().map(GatewayKey::keyId).toList());
    assertEquals(1, ring.keys().size());
    assertEquals(T0.plus(DAY), ring.keys().get(0).notAfter());
  }

  @Test
  void rotate_keyIdWrapsAndSkipsIdsInUse() {
    GatewayKey k255 = GatewayKey.generate(255, OhttpTest.ALL, T0.minus(HOUR), T0.plus(DAY));
    GatewayKey k0 = GatewayKey.generate(0, OhttpTest.ALL, T0.minus(DAY), T0.plus(DAY));
    KeyRing r = KeyRing.of(List.of(k0, k255)).rotate(T0, DAY, HOUR);
    assertEquals(1, r.keys().get(0).keyId());
    assertEquals(3, r.keys().size());
  }

  @Test
  void find_rejectsUnknownKeyId() {
    UnknownKeyIdException e = assertThrows(UnknownKeyIdException.class, () -> ring.find(9, T0));
    assertEquals(9, e.keyId());
    assertTrue(e.getMessage().contains("unknown"));
  }

  @Test
  void of_rejectsRepeatedKeyIds() {
    GatewayKey a = GatewayKey.generate(3, OhttpTest.ALL, T0, T0.plus(DAY));
    GatewayKey b = GatewayKey.generate(3, OhttpTest.ALL, T0, T0.plus(DAY));
    assertThrows(IllegalArgumentException.class, () -> KeyRing.of(List.of(a, b)));
    assertThrows(IllegalArgumentException.class, () -> KeyRing.of(new ArrayList<>()));
  }

  @Test
  void rotate_rejectsOverlapNotShorterThanLifetime() {
    assertThrows(IllegalArgumentException.class, () -> ring.rotate(T0, HOUR, HOUR));
    assertThrows(IllegalArgumentException.class, () -> ring.rotate(T0, DAY, HOUR.negated()));
  }

  @Test
  void gatewayKey_restoresFromItsPrivateKey() throws Exception {
    GatewayKey k = ring.keys().get(0);
    GatewayKey restored =
        GatewayKey.restore(
            k.keyId(),
            SecretBytes.copyOf(k.privateKey().revealForUse()),
            k.config().algorithms(),
            k.notBefore(),
            k.notAfter());
    assertEquals(k.config(), restored.config());
    byte[] req = OhttpClient.encapsulate(k.config(), new byte[] {1, 2}).encapsulatedRequest();
    assertArrayEquals(
        new byte[] {1, 2},
        new OhttpGateway(
                () -> KeyRing.of(List.of(restored)),
                java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC),
                1024)
            .decapsulate(req)
            .request());
  }

  @Test
  void gatewayKey_rejectsBadInput() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            GatewayKey.restore(
                1, SecretBytes.copyOf(new byte[31]), OhttpTest.ALL, T0, T0.plus(DAY)));
    assertThrows(
        IllegalArgumentException.class, () -> GatewayKey.generate(1, OhttpTest.ALL, T0, T0));
    assertThrows(
        IllegalArgumentException.class,
        () -> GatewayKey.generate(256, OhttpTest.ALL, T0, T0.plus(DAY)));
    assertThrows(
        IllegalArgumentException.class,
        () -> GatewayKey.generate(1, List.of(new SymmetricAlgorithm(1, 0xFFFF)), T0, T0.plus(DAY)));
  }

  @Test
  void gatewayKey_withNotAfterSharesThePrivateKey() {
    GatewayKey k = ring.keys().get(0);
    GatewayKey shorter = k.withNotAfter(T0.plus(HOUR));
    assertSame(k.privateKey(), shorter.privateKey());
    assertTrue(shorter.isRetired(T0.plus(HOUR)));
    assertFalse(k.isRetired(T0.plus(HOUR)));
    assertFalse(
        k.toString().contains(java.util.HexFormat.of().formatHex(k.privateKey().revealForUse())));
  }
}
