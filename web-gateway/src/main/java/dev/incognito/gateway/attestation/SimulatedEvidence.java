package dev.incognito.gateway.attestation;

import dev.incognito.protocol.attestation.Origin;
import dev.incognito.protocol.attestation.simulated.SimulatedSnp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Evidence from a simulated SEV-SNP platform ({@link SimulatedSnp}): real-format reports signed by
 * a locally generated VCEK, MEASUREMENT = {@link SoftwareManifest#measurement()}. Devices refuse it
 * unless told to trust its root; it proves nothing about hardware.
 */
public final class SimulatedEvidence implements EvidenceSource {

  /** The platform's file in the TEE folder (PEM: VCEK private key, VCEK, ASK, ARK). */
  public static final String FILE = "simulated-snp.pem";

  private final SimulatedSnp platform;
  private final List<byte[]> certificates;
  private final byte[] root;

  public SimulatedEvidence(SimulatedSnp platform) {
    this.platform = Objects.requireNonNull(platform, "platform");
    try {
      List<byte[]> certs = new ArrayList<>();
      for (X509Certificate c : platform.certificates()) {
        certs.add(c.getEncoded());
      }
      this.certificates = List.copyOf(certs);
      this.root = platform.root().getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("the simulated certificates do not encode", e);
    }
  }

  /**
   * The platform stored in {@code teeDir}/{@value #FILE}, generated there (RSA-4096, seconds) at
   * first use; the folder is created when missing.
   */
  public static SimulatedEvidence open(Path teeDir, SecureRandom random) throws EvidenceException {
    try {
      Files.createDirectories(teeDir);
      return new SimulatedEvidence(SimulatedSnp.loadOrGenerate(teeDir.resolve(FILE), random));
    } catch (IOException | GeneralSecurityException e) {
      throw new EvidenceException(
          "the simulated TEE in " + teeDir + " cannot be loaded: " + e.getMessage(), e);
    }
  }

  /** The simulated ARK: what a person passes to the device to accept this platform's evidence. */
  public X509Certificate root() {
    return platform.root();
  }

  @Override
  public Evidence evidence(byte[] reportData, SoftwareManifest manifest) {
    byte[] report = platform.report(reportData, manifest.measurement());
    return new Evidence(Origin.SIMULATED, report, certificates, Optional.of(root));
  }

  @Override
  public String describe() {
    return "SIMULATED SEV-SNP evidence (no confidential VM: it proves nothing about hardware);"
        + " simulated root SHA-256 "
        + dev.incognito.protocol.attestation.Certificates.sha256Fingerprint(platform.root());
  }
}
