package dev.incognito.protocol.ohttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OhttpTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final List<SymmetricAlgorithm> ALL =
      List.of(
          SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM,
          SymmetricAlgorithm.HKDF_SHA256_AES_256_GCM,
          SymmetricAlgorithm.HKDF_SHA256_CHACHA20_POLY1305);

  static final byte[] REQUEST = "request: secret marker 7f3a".getBytes(StandardCharsets.UTF_8);
  static final byte[] RESPONSE = "response: secret marker 9c1e".getBytes(StandardCharsets.UTF_8);

  final KeyRing ring = KeyRing.generate(T0, Duration.ofDays(1), ALL);
  final KeyConfig config = ring.active(T0).get(0);

  OhttpGateway gatewayAt(Instant now) {
    return new OhttpGateway(
        () -> ring, Clock.fixed(now, ZoneOffset.UTC), OhttpGateway.DEFAULT_MAX_REQUEST_BYTES);
  }

  final OhttpGateway gateway = gatewayAt(T0.plusSeconds(1));

  @ParameterizedTest
  @ValueSource(ints = {0x0001, 0x0002, 0x0003})
  void roundTrip_everyAead(int aeadId) throws Exception {
    ClientContext c = OhttpClient.encapsulate(config, 0x0001, aeadId, REQUEST);
    byte[] encapsulated = c.encapsulatedRequest();
    assertEquals(aeadId, encapsulated[6]);
    ServerContext s = gateway.decapsulate(encapsulated);
    assertArrayEquals(REQUEST, s.request());
    assertArrayEquals(RESPONSE, c.openResponse(s.sealResponse(RESPONSE)));
  }

  @Test
  void encapsulate_usesFirstOfferedAlgorithm() throws Exception {
    byte[] encapsulated = OhttpClient.encapsulate(config, REQUEST).encapsulatedRequest();
    assertEquals(0x0001, encapsulated[6]);
  }

  @Test
  void roundTrip_emptyRequestAndResponse() throws Exception {
    ClientContext c = OhttpClient.encapsulate(config, new byte[0]);
    ServerContext s = gateway.decapsulate(c.encapsulatedRequest());
    assertEquals(0, s.request().length);
    assertEquals(0, c.openResponse(s.sealResponse(new byte[0])).length);
  }

  @Test
  void encapsulatedRequest_hidesTheRequest() throws Exception {
    byte[] e = OhttpClient.encapsulate(config, REQUEST).encapsulatedRequest();
    assertEquals(7 + 32 + REQUEST.length + 16, e.length);
    assertTrue(
        new String(e, StandardCharsets.ISO_8859_1).indexOf("secret marker") < 0,
        "plaintext visible in the encapsulated request");
  }

  @Test
  void decapsulate_rejectsEveryTruncation() throws Exception {
    byte[] e = OhttpClient.encapsulate(config, REQUEST).encapsulatedRequest();
    for (int len = 0; len < e.length; len++) {
      byte[] prefix = java.util.Arrays.copyOf(e, len);
      assertThrows(
          MalformedMessageException.class, () -> gateway.decapsulate(prefix), "prefix " + len);
    }
  }

  @Test
  void decapsulate_rejectsEveryFlippedByteAfterTheHeader() throws Exception {
    byte[] e = OhttpClient.encapsulate(config, REQUEST).encapsulatedRequest();
    for (int i = 7; i < e.length; i++) {
      byte[] bad = e.clone();
      bad[i] ^= 0x40;
      assertThrows(MalformedMessageException.class, () -> gateway.decapsulate(bad), "byte " + i);
    }
  }

  @Test
  void decapsulate_rejectsOversizedRequest() throws Exception {
    OhttpGateway small =
        new OhttpGateway(() -> ring, Clock.fixed(T0, ZoneOffset.UTC), 7 + 32 + 16 + 8);
    byte[] ok = OhttpClient.encapsulate(config, new byte[8]).encapsulatedRequest();
    small.decapsulate(ok);
    byte[] big = OhttpClient.encapsulate(config, new byte[9]).encapsulatedRequest();
    assertThrows(MessageTooLargeException.class, () -> small.decapsulate(big));
  }

  @Test
  void decapsulate_rejectsUnknownKeyId() throws Exception {
    byte[] e = OhttpClient.encapsulate(config, REQUEST).encapsulatedRequest();
    e[0] = (byte) 0x7E;
    UnknownKeyIdException ex =
        assertThrows(UnknownKeyIdException.class, () -> gateway.decapsulate(e));
    assertEquals(0x7E, ex.keyId());
  }

  @Test
  void decapsulate_rejectsRetiredKey() throws Exception {
    byte[] e = OhttpClient.encapsulate(config, REQUEST).encapsulatedRequest();
    OhttpGateway later = gatewayAt(T0.plus(Duration.ofDays(1)));
    UnknownKeyIdException ex =
        assertThrows(UnknownKeyIdException.class, () -> later.decapsulate(e));
    assertTrue(ex.getMessage().contains("retired"), ex.getMessage());
  }

  @Test
  void decapsulate_rejectsAlgorithmsTheKeyDoesNotOffer() throws Exception {
    KeyRing narrow =
        KeyRing.generate(
            T0, Duration.ofDays(1), List.of(SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM));
    OhttpGateway g = OhttpGateway.of(narrow);
    KeyConfig wide =
        KeyConfig.of(
            narrow.active(T0).get(0).keyId(), 0x0020, narrow.active(T0).get(0).publicKey(), ALL);
    byte[] e = OhttpClient.encapsulate(wide, 0x0001, 0x0003, REQUEST).encapsulatedRequest();
    assertThrows(UnknownKeyIdException.class, () -> g.decapsulate(e));
    byte[] badKem = OhttpClient.encapsulate(wide, 0x0001, 0x0001, REQUEST).encapsulatedRequest();
    badKem[2] = 0x21;
    assertThrows(UnknownKeyIdException.class, () -> g.decapsulate(badKem));
  }

  @Test
  void encapsulate_rejectsAlgorithmsTheConfigDoesNotOffer() {
    KeyConfig narrow =
        KeyConfig.of(1, 0x0020, new byte[32], List.of(SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM));
    assertThrows(
        IllegalArgumentException.class,
        () -> OhttpClient.encapsulate(narrow, 0x0001, 0x0003, REQUEST));
  }

  @Test
  void encapsulate_rejectsSmallOrderPublicKey() {
    KeyConfig zero =
        KeyConfig.of(1, 0x0020, new byte[32], List.of(SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM));
    assertThrows(OhttpException.class, () -> OhttpClient.encapsulate(zero, REQUEST));
  }

  @Test
  void openResponse_rejectsEveryTruncationAndFlippedByte() throws Exception {
    ClientContext c = OhttpClient.encapsulate(config, REQUEST);
    byte[] r = gateway.decapsulate(c.encapsulatedRequest()).sealResponse(RESPONSE);
    for (int len = 0; len < r.length; len++) {
      byte[] prefix = java.util.Arrays.copyOf(r, len);
      assertThrows(MalformedMessageException.class, () -> c.openResponse(prefix), "len " + len);
    }
    for (int i = 0; i < r.length; i++) {
      byte[] bad = r.clone();
      bad[i] ^= 0x01;
      assertThrows(MalformedMessageException.class, () -> c.openResponse(bad), "byte " + i);
    }
    assertArrayEquals(RESPONSE, c.openResponse(r));
  }

  @Test
  void openResponse_rejectsResponseToAnotherRequest() throws Exception {
    ClientContext c1 = OhttpClient.encapsulate(config, REQUEST);
    ClientContext c2 = OhttpClient.encapsulate(config, REQUEST);
    byte[] r2 = gateway.decapsulate(c2.encapsulatedRequest()).sealResponse(RESPONSE);
    assertThrows(MalformedMessageException.class, () -> c1.openResponse(r2));
  }

  @Test
  void sealResponse_onlyOncePerRequest() throws Exception {
    ServerContext s =
        gateway.decapsulate(OhttpClient.encapsulate(config, REQUEST).encapsulatedRequest());
    s.sealResponse(RESPONSE);
    assertThrows(IllegalStateException.class, () -> s.sealResponse(RESPONSE));
    assertThrows(
        IllegalStateException.class, () -> s.chunkedResponse(new java.io.ByteArrayOutputStream()));
  }

  @Test
  void gateway_followsTheRotatedRing() throws Exception {
    AtomicReference<KeyRing> current = new AtomicReference<>(ring);
    Instant t1 = T0.plus(Duration.ofHours(1));
    OhttpGateway g = new OhttpGateway(current::get, Clock.fixed(t1, ZoneOffset.UTC), 1 << 16);
    byte[] old = OhttpClient.encapsulate(config, REQUEST).encapsulatedRequest();
    current.set(ring.rotate(t1, Duration.ofDays(1), Duration.ofMinutes(10)));
    KeyConfig fresh = current.get().active(t1).get(0);
    assertEquals(config.keyId() + 1, fresh.keyId());
    assertArrayEquals(REQUEST, g.decapsulate(old).request());
    byte[] next = OhttpClient.encapsulate(fresh, REQUEST).encapsulatedRequest();
    assertArrayEquals(REQUEST, g.decapsulate(next).request());
    OhttpGateway later =
        new OhttpGateway(
            current::get, Clock.fixed(t1.plus(Duration.ofMinutes(10)), ZoneOffset.UTC), 1 << 16);
    assertThrows(UnknownKeyIdException.class, () -> later.decapsulate(old));
    assertArrayEquals(REQUEST, later.decapsulate(next).request());
  }
}
