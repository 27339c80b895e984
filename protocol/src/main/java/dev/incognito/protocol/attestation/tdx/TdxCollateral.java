package dev.incognito.protocol.attestation.tdx;

import dev.incognito.protocol.attestation.Certificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Intel PCS collateral for a TDX quote, each piece optional: TCB info and QE identity bodies as
 * served, their issuer chains (TCB Signing certificate, then the root), the PCK CA's CRL and the
 * root CA's CRL (DER).
 */
public record TdxCollateral(
    Optional<byte[]> tcbInfo,
    List<X509Certificate> tcbInfoIssuerChain,
    Optional<byte[]> qeIdentity,
    List<X509Certificate> qeIdentityIssuerChain,
    Optional<byte[]> pckCrl,
    Optional<byte[]> rootCrl) {

  /** Largest collateral file read, bytes. */
  public static final int MAX_FILE_BYTES = 256 * 1024;

  /** File names read by {@link #fromDirectory}. */
  public static final String TCB_INFO = "tcbinfo.json",
      TCB_INFO_CHAIN = "tcbinfo_issuer_chain.pem",
      QE_IDENTITY = "qeidentity.json",
      QE_IDENTITY_CHAIN = "qeidentity_issuer_chain.pem",
      PCK_CRL = "pckcrl.der",
      ROOT_CRL = "rootcrl.der";

  public TdxCollateral {
    tcbInfo = tcbInfo.map(byte[]::clone);
    qeIdentity = qeIdentity.map(byte[]::clone);
    pckCrl = pckCrl.map(byte[]::clone);
    rootCrl = rootCrl.map(byte[]::clone);
    tcbInfoIssuerChain = List.copyOf(tcbInfoIssuerChain);
    qeIdentityIssuerChain = List.copyOf(qeIdentityIssuerChain);
  }

  /** No collateral: only the quote's own chain and signatures can be checked. */
  public static TdxCollateral none() {
    return new TdxCollateral(
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  /** Whether no piece is present. */
  public boolean isEmpty() {
    return tcbInfo.isEmpty() && qeIdentity.isEmpty() && pckCrl.isEmpty() && rootCrl.isEmpty();
  }

  /**
   * Reads whichever of {@value #TCB_INFO}, {@value #TCB_INFO_CHAIN}, {@value #QE_IDENTITY}, {@value
   * #QE_IDENTITY_CHAIN}, {@value #PCK_CRL} and {@value #ROOT_CRL} exist in {@code dir}.
   */
  public static TdxCollateral fromDirectory(Path dir) throws IOException, CertificateException {
    return new TdxCollateral(
        read(dir.resolve(TCB_INFO)),
        chain(dir.resolve(TCB_INFO_CHAIN)),
        read(dir.resolve(QE_IDENTITY)),
        chain(dir.resolve(QE_IDENTITY_CHAIN)),
        read(dir.resolve(PCK_CRL)),
        read(dir.resolve(ROOT_CRL)));
  }

  private static Optional<byte[]> read(Path p) throws IOException {
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    if (Files.size(p) > MAX_FILE_BYTES) {
      throw new IOException(p.getFileName() + " exceeds " + MAX_FILE_BYTES + " bytes");
    }
    return Optional.of(Files.readAllBytes(p));
  }

  private static List<X509Certificate> chain(Path p) throws IOException, CertificateException {
    Optional<byte[]> b = read(p);
    return b.isPresent() ? Certificates.parse(b.get()) : List.of();
  }
}
