package dev.incognito.protocol.ohttp;

import static dev.incognito.protocol.ohttp.TestSupport.fixed;
import static dev.incognito.protocol.ohttp.TestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.incognito.protocol.secret.SecretBytes;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9458 Appendix A, "Complete Example of a Request and Response", byte for byte. */
class AppendixATest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static GatewayKey gatewayKey(JsonObject v) throws Exception {
    KeyConfig published = KeyConfig.decode(hex(v, "key_config"));
    return GatewayKey.restore(
        published.keyId(),
        SecretBytes.copyOf(hex(v, "gateway_x25519_secret_key")),
        published.algorithms(),
        T0,
        T0.plusSeconds(86400));
  }

  @Test
  void keyConfig_decodesAndReencodes() throws Exception {
    JsonObject v = TestSupport.appendixA();
    KeyConfig c = KeyConfig.decode(hex(v, "key_config"));
    assertEquals(1, c.keyId());
    assertEquals(0x0020, c.kemId());
    assertArrayEquals(hex(v.getJsonObject("key_config_decoded"), "public_key"), c.publicKey());
    assertEquals(
        List.of(
            SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM,
            SymmetricAlgorithm.HKDF_SHA256_CHACHA20_POLY1305),
        c.algorithms());
    assertArrayEquals(hex(v, "key_config"), c.encode());
  }

  @Test
  void keyConfig_publicKeyIsX25519OfTheSecretKey() throws Exception {
    JsonObject v = TestSupport.appendixA();
    assertEquals(KeyConfig.decode(hex(v, "key_config")), gatewayKey(v).config());
  }

  @Test
  void ohttpKeys_encodesAndDecodesTheSingleConfig() throws Exception {
    JsonObject v = TestSupport.appendixA();
    KeyConfig c = KeyConfig.decode(hex(v, "key_config"));
    assertArrayEquals(hex(v, "application_ohttp_keys_body"), KeyConfigs.encode(List.of(c)));
    assertEquals(List.of(c), KeyConfigs.decode(hex(v, "application_ohttp_keys_body")));
  }

  @Test
  void client_reproducesEncapsulatedRequest() throws Exception {
    JsonObject v = TestSupport.appendixA();
    KeyConfig c = KeyConfig.decode(hex(v, "key_config"));
    ClientContext ctx =
        OhttpClient.encapsulate(
            c,
            0x0001,
            0x0001,
            hex(v, "request_bhttp"),
            fixed(hex(v, "client_ephemeral_secret_key")));
    assertArrayEquals(hex(v, "encapsulated_request"), ctx.encapsulatedRequest());
  }

  @Test
  void gateway_decapsulatesRequestAndReproducesEncapsulatedResponse() throws Exception {
    JsonObject v = TestSupport.appendixA();
    KeyRing ring = KeyRing.of(List.of(gatewayKey(v)));
    OhttpGateway gateway =
        new OhttpGateway(
            () -> ring,
            Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC),
            OhttpGateway.DEFAULT_MAX_REQUEST_BYTES,
            fixed(hex(v, "response_nonce")));
    ServerContext s = gateway.decapsulate(hex(v, "encapsulated_request"));
    assertEquals(1, s.keyId());
    assertArrayEquals(hex(v, "request_bhttp"), s.request());
    assertArrayEquals(hex(v, "encapsulated_response"), s.sealResponse(hex(v, "response_bhttp")));
  }

  @Test
  void client_opensEncapsulatedResponse() throws Exception {
    JsonObject v = TestSupport.appendixA();
    KeyConfig c = KeyConfig.decode(hex(v, "key_config"));
    ClientContext ctx =
        OhttpClient.encapsulate(
            c,
            0x0001,
            0x0001,
            hex(v, "request_bhttp"),
            fixed(hex(v, "client_ephemeral_secret_key")));
    assertArrayEquals(hex(v, "response_bhttp"), ctx.openResponse(hex(v, "encapsulated_response")));
  }
}
