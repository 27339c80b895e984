package dev.incognito.protocol.attestation.tdx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.Samples;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TdxVerifierTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String DIR = "tdx";

  /** go-tdx-guest pins "now" inside its sample collateral's validity. */
  private static final TdxVerifier AT_2023 =
      TdxVerifier.intel().withClock(Samples.at("2023-07-01T00:00:00Z"));

  /** The v5 sample's PCK was issued in January 2026. */
  private static final TdxVerifier AT_2026 =
      TdxVerifier.intel().withClock(Samples.at("2026-02-15T00:00:00Z"));

  /** The v4 sample's SVNs are older than every level of its TCB info (README: NotSupported). */
  private static final TdxPolicy V4_POLICY =
      TdxPolicy.strict()
          .withAcceptedTcbStatuses(Set.of(TcbStatus.UP_TO_DATE, TcbStatus.NOT_SUPPORTED));

  private static byte[] v4() throws Exception {
    return Samples.read(DIR, "go-tdx-guest/tdx_prod_quote_SPR_E4.dat");
  }

  private static byte[] v5() throws Exception {
    return Samples.read(DIR, "go-tdx-guest/quote_v5_sample.dat");
  }

  private static TdxCollateral v4Collateral() throws Exception {
    return new TdxCollateral(
        Optional.of(Samples.read(DIR, "go-tdx-guest/sample_tcbInfo_response")),
        Samples.certs(DIR, "go-tdx-guest/tcbinfo_issuer_chain.pem"),
        Optional.of(Samples.read(DIR, "go-tdx-guest/sample_qeIdentity_response")),
        Samples.certs(DIR, "go-tdx-guest/qeidentity_issuer_chain.pem"),
        Optional.of(Samples.read(DIR, "go-tdx-guest/pckcrl")),
        Optional.of(Samples.read(DIR, "go-tdx-guest/rootcrl.der")));
  }

  @Test
  void parse_readsV4AndV5Layouts() throws Exception {
    TdxQuote q4 = TdxQuote.parse(v4());
    assertEquals(4, q4.version());
    assertTrue(HEX.formatHex(q4.mrTd()).startsWith("6363b804"));
    assertTrue(HEX.formatHex(q4.mrTd()).endsWith("5cbb"));
    assertEquals("03000400000000000000000000000000", HEX.formatHex(q4.teeTcbSvn()));
    assertEquals(4, q4.qeReport().isvSvn());
    assertEquals(39, q4.trailingBytes());
    TdxQuote q5 = TdxQuote.parse(v5());
    assertEquals(5, q5.version());
    assertTrue(q5.isTdx15Body());
    assertEquals(0, q5.trailingBytes());
  }

  @Test
  void verify_acceptsTheV4SampleWithAllItsCollateral() throws Exception {
    TdxVerification v = AT_2023.verify(v4(), v4Collateral(), V4_POLICY);
    assertEquals(Origin.VENDOR, v.origin());
    assertEquals("50806f000000", HEX.formatHex(v.pckExtensions().fmspc()));
    assertEquals(TcbStatus.NOT_SUPPORTED, v.tcb().orElseThrow().status());
    assertEquals(Optional.of(TcbStatus.UP_TO_DATE), v.qeStatus());
    assertTrue(v.pckRevocationChecked());
  }

  @Test
  void verify_strictPolicyRejectsTheV4SampleTcbAsNotSupported() throws Exception {
    var e =
        assertThrows(
            TdxVerificationException.class,
            () -> AT_2023.verify(v4(), v4Collateral(), TdxPolicy.strict()));
    assertEquals("platform TCB status NotSupported is not accepted", e.getMessage());
  }

  @Test
  void verify_acceptsTheV5SampleSignaturesWithoutCollateral() throws Exception {
    TdxVerification v =
        AT_2026.verify(v5(), TdxCollateral.none(), TdxPolicy.strict().withCollateralOptional());
    assertEquals("90c06f000000", HEX.formatHex(v.pckExtensions().fmspc()));
    assertTrue(v.tcb().isEmpty());
    assertTrue(!v.pckRevocationChecked());
    var e =
        assertThrows(
            TdxVerificationException.class,
            () -> AT_2026.verify(v5(), TdxCollateral.none(), TdxPolicy.strict()));
    assertEquals("collateral missing: TCB info", e.getMessage());
  }

  @Test
  void tcbInfoV5_verifiesAndRatesTheV5QuoteUpToDateWithModuleTdx01() throws Exception {
    TcbInfo info = TcbInfo.parse(Samples.read(DIR, "go-tdx-guest/sample_tcbinfo_response_v5"));
    var signer = Samples.certs(DIR, "go-tdx-guest/tcbinfo_issuer_chain.pem").get(0);
    assertTrue(info.signatureVerifies(signer.getPublicKey()));
    TdxQuote q = TdxQuote.parse(v5());
    PckExtensions ext =
        PckExtensions.of(
            dev.incognito.protocol.attestation.Certificates.parse(q.pckChainPem()).get(0));
    TcbInfo.Evaluation ev = info.evaluate(ext, q);
    assertEquals(TcbStatus.UP_TO_DATE, ev.status());
    assertEquals(Optional.of("TDX_01"), ev.moduleId());
    assertEquals(Optional.of(TcbStatus.UP_TO_DATE), ev.moduleStatus());
  }

  @Test
  void tcbInfoV4_withSvnsZeroedAsGoTdxGuestsTestDoes_matchesTheFirstLevel() throws Exception {
    String served =
        new String(
                Samples.read(DIR, "go-tdx-guest/sample_tcbInfo_response"), StandardCharsets.UTF_8)
            .replaceAll("\"svn\":\\d+", "\"svn\":0")
            .replaceAll("\"pcesvn\":\\d+", "\"pcesvn\":0");
    TcbInfo info = TcbInfo.parse(served.getBytes(StandardCharsets.UTF_8));
    TdxQuote q = TdxQuote.parse(v4());
    PckExtensions ext =
        PckExtensions.of(
            dev.incognito.protocol.attestation.Certificates.parse(q.pckChainPem()).get(0));
    TcbInfo.Evaluation ev = info.evaluate(ext, q);
    assertEquals(TcbStatus.UP_TO_DATE, ev.status());
    assertTrue(ev.moduleId().isEmpty());
    // the edit broke the signature, which is checked apart from the search
    var signer = Samples.certs(DIR, "go-tdx-guest/tcbinfo_issuer_chain.pem").get(0);
    assertTrue(!info.signatureVerifies(signer.getPublicKey()));
  }

  @Test
  void verify_v5WithItsTcbInfoFailsBecauseTheSampleSigningCertificateExpiredIn2025()
      throws Exception {
    // Intel re-issued the TCB Signing certificate with the same key; the vectors hold the 2018 one.
    TdxCollateral c =
        new TdxCollateral(
            Optional.of(Samples.read(DIR, "go-tdx-guest/sample_tcbinfo_response_v5")),
            Samples.certs(DIR, "go-tdx-guest/tcbinfo_issuer_chain.pem"),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty());
    var e =
        assertThrows(
            TdxVerificationException.class,
            () -> AT_2026.verify(v5(), c, TdxPolicy.strict().withCollateralOptional()));
    assertTrue(e.getMessage().contains("Intel SGX TCB Signing"), e.getMessage());
    assertTrue(e.getMessage().contains("is not valid at"), e.getMessage());
  }

  @Test
  void verify_failsForEveryFlippedByteOfHeaderBodyAndSignatureData() throws Exception {
    byte[] good = v4();
    TdxCollateral none = TdxCollateral.none();
    TdxPolicy policy = TdxPolicy.strict().withCollateralOptional();
    // header, body, sigLen, quote signature, attestation key, cert type and size, QE report, QE
    // report signature, auth length and auth data: everything before the PEM chain
    int pemStart = 48 + 584 + 4 + 128 + 6 + 384 + 64 + 2 + 32 + 6;
    for (int i = 0; i < pemStart; i++) {
      byte[] bad = good.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      int at = i;
      assertThrows(
          TdxVerificationException.class,
          () -> AT_2023.verify(bad, none, policy),
          () -> "flip at " + at + " was accepted");
    }
  }

  @Test
  void verify_rejectsTamperedCollateral() throws Exception {
    TdxCollateral c = v4Collateral();
    String tcb = new String(c.tcbInfo().orElseThrow(), StandardCharsets.UTF_8);
    TdxCollateral tampered =
        new TdxCollateral(
            Optional.of(
                tcb.replaceFirst("\"tcbEvaluationDataNumber\":15", "\"tcbEvaluationDataNumber\":16")
                    .getBytes(StandardCharsets.UTF_8)),
            c.tcbInfoIssuerChain(),
            c.qeIdentity(),
            c.qeIdentityIssuerChain(),
            c.pckCrl(),
            c.rootCrl());
    var e =
        assertThrows(
            TdxVerificationException.class, () -> AT_2023.verify(v4(), tampered, V4_POLICY));
    assertEquals("TCB info signature does not verify", e.getMessage());

    TdxCollateral swappedCrl =
        new TdxCollateral(
            c.tcbInfo(),
            c.tcbInfoIssuerChain(),
            c.qeIdentity(),
            c.qeIdentityIssuerChain(),
            c.rootCrl(),
            c.rootCrl());
    var e2 =
        assertThrows(
            TdxVerificationException.class, () -> AT_2023.verify(v4(), swappedCrl, V4_POLICY));
    assertTrue(e2.getMessage().startsWith("PCK CA CRL is issued by"), e2.getMessage());
  }

  @Test
  void verify_rejectsStaleCollateralAtALaterClock() throws Exception {
    var e =
        assertThrows(
            TdxVerificationException.class,
            () ->
                TdxVerifier.intel()
                    .withClock(Samples.at("2024-01-01T00:00:00Z"))
                    .verify(v4(), v4Collateral(), V4_POLICY));
    assertTrue(e.getMessage().startsWith("TCB info expired"), e.getMessage());
  }

  @Test
  void verify_checksReportDataAndMrTd() throws Exception {
    TdxQuote q = TdxQuote.parse(v4());
    TdxPolicy p = V4_POLICY.withExpectedReportData(q.reportData());
    AT_2023.verify(v4(), v4Collateral(), p.withAllowedMrTd(Set.of(HEX.formatHex(q.mrTd()))));
    byte[] other = q.reportData();
    other[0] ^= 1;
    var e =
        assertThrows(
            TdxVerificationException.class,
            () -> AT_2023.verify(v4(), v4Collateral(), V4_POLICY.withExpectedReportData(other)));
    assertEquals("REPORTDATA does not match the expected value", e.getMessage());
    var e2 =
        assertThrows(
            TdxVerificationException.class,
            () ->
                AT_2023.verify(
                    v4(), v4Collateral(), V4_POLICY.withAllowedMrTd(Set.of("00".repeat(48)))));
    assertTrue(e2.getMessage().contains("is not allowed"), e2.getMessage());
  }

  @Test
  void verify_failsUnderAnotherRoot() throws Exception {
    var amdArk = Samples.certs("sev-snp", "amd-kds-ca/ask_ark_milan.pem").get(1);
    var e =
        assertThrows(
            TdxVerificationException.class,
            () ->
                TdxVerifier.trusting(amdArk)
                    .withClock(Samples.at("2023-07-01T00:00:00Z"))
                    .verify(
                        v4(), TdxCollateral.none(), TdxPolicy.strict().withCollateralOptional()));
    assertTrue(e.getMessage().contains("does not lead to a trusted"), e.getMessage());
  }
}
