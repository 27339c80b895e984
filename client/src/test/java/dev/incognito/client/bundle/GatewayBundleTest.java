package dev.incognito.client.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.bundle.BundleClaims;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayBundleTest {

  private static final byte[] KEY = filled(32, 1);
  private static final byte[] MODEL = filled(32, 2);
  private static final byte[] POLICY = filled(32, 3);
  private static final byte[] KEYS = filled(47, 4);

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String bundle(String reportData) {
    return "{\"version\":1,\"claims\":{\"ohttp_keys\":\""
        + b64(KEYS)
        + "\",\"receipt_key\":\""
        + b64(KEY)
        + "\",\"model_sha256\":\""
        + hex(MODEL)
        + "\",\"policy_sha256\":\""
        + hex(POLICY)
        + "\",\"issued_at\":1700000000},\"report_data\":\""
        + reportData
        + "\",\"evidence\":null,\"attestation\":\"NONE\"}";
  }

  private static GatewayBundle parse(String json) throws BundleException {
    return GatewayBundle.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_readsTheServersShape_base64urlKeyAndHexDigests() throws Exception {
    String rd = hex(new BundleClaims(KEYS, KEY, MODEL, POLICY, 1700000000L).reportData());
    GatewayBundle b = parse(bundle(rd));
    assertArrayEquals(KEY, b.receiptKey());
    assertArrayEquals(MODEL, b.modelSha256());
    assertArrayEquals(POLICY, b.policySha256());
    assertArrayEquals(KEYS, b.ohttpKeys().orElseThrow());
    assertEquals(1700000000L, b.issuedAt());
    assertFalse(b.evidencePresent());
    assertFalse(b.simulated());
    assertEquals(Optional.of(true), b.reportDataMatchesClaims());
  }

  @Test
  void reportDataMatchesClaims_falseWhenAnyClaimDiffers() throws Exception {
    String rd = hex(new BundleClaims(KEYS, KEY, MODEL, POLICY, 1700000001L).reportData());
    assertEquals(Optional.of(false), parse(bundle(rd)).reportDataMatchesClaims());
  }

  @Test
  void parse_rejectsMissingReceiptKey() {
    BundleException e =
        assertThrows(
            BundleException.class,
            () -> parse("{\"claims\":{\"model_sha256\":\"" + hex(MODEL) + "\"}}"));
    assertTrue(e.getMessage().contains("receipt_key"), e.getMessage());
  }

  @Test
  void parse_rejectsDigestOfTheWrongLength() {
    assertThrows(
        BundleException.class,
        () ->
            parse(
                "{\"receipt_key\":\""
                    + hex(KEY)
                    + "\",\"model_sha256\":\"abcd\",\"policy_sha256\":\""
                    + hex(POLICY)
                    + "\"}"));
  }

  @Test
  void parse_rejectsNonJsonAndOversizedBodies() {
    assertThrows(BundleException.class, () -> parse("not json"));
    assertThrows(
        BundleException.class,
        () -> GatewayBundle.parse(new byte[GatewayBundle.MAX_BUNDLE_BYTES + 1]));
  }

  @Test
  void parse_marksSimulatedEvidence() throws Exception {
    GatewayBundle b =
        parse(
            "{\"receipt_key\":\""
                + hex(KEY)
                + "\",\"model_sha256\":\""
                + hex(MODEL)
                + "\",\"policy_sha256\":\""
                + hex(POLICY)
                + "\",\"evidence\":{\"kind\":\"SIMULATED\"}}");
    assertTrue(b.simulated());
    assertTrue(b.evidencePresent());
    assertEquals(Optional.empty(), b.reportDataMatchesClaims());
  }
}
