package dev.incognito.protocol.attestation.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.Samples;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnpVerifierTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Clock NOW = Samples.at("2025-06-01T00:00:00Z");
  private static final String MEASUREMENT =
      "b07af9620f3b839b47996422ddec6058338951d984e3121151 31ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01"
          .replace(" ", "");

  /** The go-sev-guest sample was taken from a guest launched with debugging allowed. */
  private static final SnpPolicy SAMPLE_POLICY = SnpPolicy.strict().withDebugAllowed();

  private static byte[] report() throws Exception {
    return Samples.read("sev-snp", "go-sev-guest/attestation.bin");
  }

  private static List<X509Certificate> vcek() throws Exception {
    return Samples.certs("sev-snp", "go-sev-guest/vcek.der");
  }

  private static SnpVerifier verifier() {
    return SnpVerifier.amd().withClock(NOW);
  }

  @Test
  void parse_readsTheMilanSampleFields() throws Exception {
    SnpReport r = SnpReport.parse(report());
    assertEquals(2, r.version());
    assertEquals(0x0b0000L, r.policy());
    assertEquals(0, r.vmpl());
    assertEquals(SnpReport.SigningKey.VCEK, r.signingKey());
    assertEquals(MEASUREMENT, HEX.formatHex(r.measurement()));
    assertEquals("01020304050000", HEX.formatHex(r.reportData()).substring(0, 14));
    assertEquals("1.49.3", r.currentFirmware());
    TcbVersion tcb = TcbVersion.decode(r.reportedTcbRaw(), Product.MILAN);
    assertEquals(TcbVersion.of(Product.MILAN, 0, 2, 0, 5, 0x44), tcb);
  }

  @Test
  void verify_acceptsTheRealMilanSampleUnderThePinnedArk() throws Exception {
    SnpVerification v = verifier().verify(report(), vcek(), SAMPLE_POLICY);
    assertEquals(Origin.VENDOR, v.origin());
    assertEquals(Product.MILAN, v.product());
    assertEquals(SnpReport.SigningKey.VCEK, v.signingKey());
    assertEquals(5, v.reportedTcb().snp());
    assertTrue(v.root().getSubjectX500Principal().getName().contains("ARK-Milan"));
  }

  @Test
  void verify_acceptsTheSampleWithTheKdsChainSuppliedToo() throws Exception {
    List<X509Certificate> all = new ArrayList<>(vcek());
    all.addAll(Samples.certs("sev-snp", "amd-kds-ca/ask_ark_milan.pem"));
    SnpVerification v =
        SnpVerifier.trusting(all.get(2)).withClock(NOW).verify(report(), all, SAMPLE_POLICY);
    // the caller named AMD's own ARK, so the result is still of vendor origin
    assertEquals(Origin.VENDOR, v.origin());
  }

  @Test
  void verify_strictPolicyRejectsTheSampleBecauseDebugIsAllowed() throws Exception {
    var e =
        assertThrows(
            SnpVerificationException.class,
            () -> verifier().verify(report(), vcek(), SnpPolicy.strict()));
    assertTrue(e.getMessage().contains("debugging"), e.getMessage());
  }

  @Test
  void verify_checksMeasurementReportDataAndMinimumTcb() throws Exception {
    byte[] rd = SnpReport.parse(report()).reportData();
    verifier()
        .verify(
            report(),
            vcek(),
            SAMPLE_POLICY
                .withAllowedMeasurements(Set.of(MEASUREMENT))
                .withExpectedReportData(rd)
                .withMinimumTcb(TcbVersion.of(Product.MILAN, 0, 2, 0, 5, 0x44)));

    byte[] otherRd = rd.clone();
    otherRd[63] ^= 1;
    assertMessage(SAMPLE_POLICY.withExpectedReportData(otherRd), "REPORT_DATA does not match");
    assertMessage(
        SAMPLE_POLICY.withAllowedMeasurements(Set.of("00".repeat(48))),
        "is not an allowed measurement");
    assertMessage(
        SAMPLE_POLICY.withMinimumTcb(TcbVersion.of(Product.MILAN, 0, 2, 0, 8, 0x44)),
        "below the minimum");
  }

  private void assertMessage(SnpPolicy policy, String part) throws Exception {
    var e =
        assertThrows(
            SnpVerificationException.class, () -> verifier().verify(report(), vcek(), policy));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void verify_failsForEveryFlippedByteInTheSignedPartAndTheSignature() throws Exception {
    byte[] good = report();
    List<X509Certificate> certs = vcek();
    SnpVerifier v = verifier();
    int end = SnpReport.SIGNED_LENGTH + 2 * SnpReport.SIGNATURE_COMPONENT_SIZE;
    for (int i = 0; i < end; i++) {
      if (i >= SnpReport.SIGNED_LENGTH
          && (i - SnpReport.SIGNED_LENGTH) % SnpReport.SIGNATURE_COMPONENT_SIZE
              >= SnpReport.P384_COMPONENT_SIZE) {
        // unused high bytes of r and s: parse rejects non-zero there, checked below
        continue;
      }
      byte[] bad = good.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      int at = i;
      assertThrows(
          SnpVerificationException.class,
          () -> v.verify(bad, certs, SAMPLE_POLICY),
          () -> "flip at 0x" + Integer.toHexString(at) + " was accepted");
    }
  }

  @Test
  void parse_rejectsWrongSizesVersionsAndNonZeroSignaturePadding() throws Exception {
    byte[] good = report();
    assertThrows(
        SnpVerificationException.class,
        () -> SnpReport.parse(java.util.Arrays.copyOf(good, 0x49f)));
    assertThrows(
        SnpVerificationException.class,
        () -> SnpReport.parse(java.util.Arrays.copyOf(good, 0x4a1)));
    byte[] v4 = good.clone();
    v4[0] = 4;
    assertThrows(SnpVerificationException.class, () -> SnpReport.parse(v4));
    byte[] algo = good.clone();
    algo[0x34] = 2;
    assertThrows(SnpVerificationException.class, () -> SnpReport.parse(algo));
    byte[] pad = good.clone();
    pad[0x2A0 + 60] = 1;
    assertThrows(SnpVerificationException.class, () -> SnpReport.parse(pad));
  }

  @Test
  void verify_failsWithoutAVcekOrUnderTheWrongArk() throws Exception {
    var none =
        assertThrows(
            SnpVerificationException.class,
            () -> verifier().verify(report(), List.of(), SAMPLE_POLICY));
    assertTrue(none.getMessage().contains("no VCEK"), none.getMessage());

    X509Certificate genoaArk = Samples.certs("sev-snp", "amd-kds-ca/ask_ark_genoa.pem").get(1);
    List<X509Certificate> certs = new ArrayList<>(vcek());
    certs.addAll(Samples.certs("sev-snp", "amd-kds-ca/ask_ark_milan.pem"));
    var wrong =
        assertThrows(
            SnpVerificationException.class,
            () ->
                SnpVerifier.trusting(genoaArk)
                    .withClock(NOW)
                    .verify(report(), certs, SAMPLE_POLICY));
    assertTrue(wrong.getMessage().contains("not signed by a trusted ARK"), wrong.getMessage());
  }

  @Test
  void verify_failsWhenTheVcekHasExpired() throws Exception {
    var e =
        assertThrows(
            SnpVerificationException.class,
            () ->
                SnpVerifier.amd()
                    .withClock(Samples.at("2030-01-01T00:00:00Z"))
                    .verify(report(), vcek(), SAMPLE_POLICY));
    assertTrue(e.getMessage().contains("not valid at"), e.getMessage());
  }

  @Test
  void amdRoots_areTheThreeKdsArks() {
    assertEquals(3, SnpVerifier.amdRoots().size());
    for (X509Certificate c : SnpVerifier.amdRoots()) {
      assertArrayEquals(
          c.getSubjectX500Principal().getEncoded(), c.getIssuerX500Principal().getEncoded());
    }
  }
}
