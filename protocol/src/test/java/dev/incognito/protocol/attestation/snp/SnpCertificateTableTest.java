package dev.incognito.protocol.attestation.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.incognito.protocol.attestation.Samples;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnpCertificateTableTest {

  private static byte[] table() throws Exception {
    List<X509Certificate> kds = Samples.certs("sev-snp", "amd-kds-ca/ask_ark_milan.pem");
    Map<UUID, byte[]> m = new LinkedHashMap<>();
    m.put(SnpCertificateTable.ARK, kds.get(1).getEncoded());
    m.put(SnpCertificateTable.VCEK, Samples.read("sev-snp", "go-sev-guest/vcek.der"));
    m.put(SnpCertificateTable.ASK, kds.get(0).getEncoded());
    return SnpCertificateTable.encode(m);
  }

  @Test
  void certificates_feedTheVerifierForTheRealSample() throws Exception {
    List<X509Certificate> certs = SnpCertificateTable.parse(table()).certificates();
    assertEquals(3, certs.size());
    SnpVerification v =
        SnpVerifier.trusting(certs.get(2))
            .withClock(Samples.at("2025-06-01T00:00:00Z"))
            .verify(
                Samples.read("sev-snp", "go-sev-guest/attestation.bin"),
                certs,
                SnpPolicy.strict().withDebugAllowed());
    assertEquals(Product.MILAN, v.product());
  }

  @Test
  void parse_rejectsAMissingTerminatorAnEntryOutsideAndARepeatedGuid() throws Exception {
    byte[] t = table();
    assertThrows(
        SnpVerificationException.class, () -> SnpCertificateTable.parse(Arrays.copyOf(t, 24 * 3)));
    byte[] outside = t.clone();
    outside[16] = (byte) 0xff;
    outside[17] = (byte) 0xff;
    assertThrows(SnpVerificationException.class, () -> SnpCertificateTable.parse(outside));
    byte[] repeated = t.clone();
    System.arraycopy(repeated, 0, repeated, 24, 16);
    assertThrows(SnpVerificationException.class, () -> SnpCertificateTable.parse(repeated));
  }
}
