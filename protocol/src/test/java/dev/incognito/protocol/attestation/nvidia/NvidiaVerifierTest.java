package dev.incognito.protocol.attestation.nvidia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.Samples;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NvidiaVerifierTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] NONCE =
      HEX.parseHex("931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb");
  private static final NvidiaVerifier VERIFIER =
      NvidiaVerifier.nvidia().withClock(Samples.at("2025-06-01T00:00:00Z"));

  private static byte[] report() throws Exception {
    String hex =
        new String(
            Samples.read("nvidia", "nvtrust/hopperAttestationReport.txt"),
            StandardCharsets.US_ASCII);
    return HEX.parseHex(hex.strip());
  }

  private static List<X509Certificate> chain() throws Exception {
    return Samples.certs("nvidia", "nvtrust/hopperCertChain.txt");
  }

  @Test
  void parse_readsTheHopperSample() throws Exception {
    SpdmMeasurements m = SpdmMeasurements.parse(report());
    assertEquals(64, m.blocks().size());
    assertEquals(Optional.of("550.90.07"), m.driverVersion());
    assertTrue(Arrays.equals(NONCE, m.requestNonce()));
    assertEquals(0, m.trailingBytes());
    assertEquals(48, m.blocks().get(0).value().length);
  }

  @Test
  void verify_acceptsTheHopperSampleUnderThePinnedDeviceRoot() throws Exception {
    NvidiaVerification v = VERIFIER.verify(report(), chain(), Optional.of(NONCE));
    assertEquals(Origin.VENDOR, v.origin());
    assertTrue(v.nonceChecked());
    assertEquals(5, v.chain().size());
  }

  @Test
  void verify_ignoresTrailingBytesAfterTheSignature() throws Exception {
    byte[] r = report();
    byte[] longer = Arrays.copyOf(r, r.length + 7);
    NvidiaVerification v = VERIFIER.verify(longer, chain(), Optional.of(NONCE));
    assertEquals(7, v.report().trailingBytes());
  }

  @Test
  void verify_rejectsAnotherNonce() throws Exception {
    byte[] other = NONCE.clone();
    other[31] ^= 1;
    var e =
        assertThrows(
            NvidiaVerificationException.class,
            () -> VERIFIER.verify(report(), chain(), Optional.of(other)));
    assertEquals("nonce does not match the expected nonce", e.getMessage());
  }

  @Test
  void verify_failsForDenselySampledFlipsInTheSignedBytesAndTheSignature() throws Exception {
    byte[] good = report();
    List<X509Certificate> chain = chain();
    for (int i = 0; i < good.length; i += 3) {
      byte[] bad = good.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      int at = i;
      assertThrows(
          NvidiaVerificationException.class,
          () -> VERIFIER.verify(bad, chain, Optional.empty()),
          () -> "flip at " + at + " was accepted");
    }
  }

  @Test
  void verify_rejectsABrokenOrForeignChain() throws Exception {
    List<X509Certificate> c = chain();
    var missing =
        assertThrows(
            NvidiaVerificationException.class,
            () -> VERIFIER.verify(report(), List.of(c.get(0), c.get(2)), Optional.of(NONCE)));
    assertTrue(missing.getMessage().contains("is not signed by"), missing.getMessage());
    X509Certificate amdArk = Samples.certs("sev-snp", "amd-kds-ca/ask_ark_milan.pem").get(1);
    var foreign =
        assertThrows(
            NvidiaVerificationException.class,
            () -> NvidiaVerifier.trusting(amdArk).verify(report(), c, Optional.of(NONCE)));
    assertTrue(foreign.getMessage().contains("is not signed by the trusted"), foreign.getMessage());
  }

  @Test
  void parse_rejectsTruncation() throws Exception {
    byte[] r = report();
    assertThrows(
        NvidiaVerificationException.class,
        () -> SpdmMeasurements.parse(Arrays.copyOf(r, r.length - 1)));
    assertThrows(NvidiaVerificationException.class, () -> SpdmMeasurements.parse(new byte[10]));
  }
}
