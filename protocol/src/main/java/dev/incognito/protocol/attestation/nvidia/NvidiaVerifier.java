package dev.incognito.protocol.attestation.nvidia;

import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.Ecdsa;
import dev.incognito.protocol.attestation.Origin;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;

/**
 * Verifies NVIDIA Hopper GPU attestation reports: the certificate chain from the GPU's attestation
 * key ({@code GH100 A01 GSP FMC LF}) through {@code GSP BROM}, the provisioner ICA and {@code
 * NVIDIA GH100 Identity} to a trusted root ({@code NVIDIA Device Identity CA}); the FWID in the
 * report's opaque data against the leaf's DICE TcbInfo extension (2.23.133.5.4.1); the ECDSA P-384
 * signature over the SPDM L1 transcript; and the caller's nonce.
 */
public final class NvidiaVerifier {

  /** TCG DICE TcbInfo extension, which carries the firmware ID (FWID) of the attested firmware. */
  public static final String DICE_TCB_INFO = "2.23.133.5.4.1";

  private static final class Pinned {
    static final X509Certificate ROOT =
        Certificates.resource(NvidiaVerifier.class, "nvidia_device_identity_ca.pem").get(0);
  }

  private final X509Certificate root;
  private final Clock clock;

  private NvidiaVerifier(X509Certificate root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /** A verifier trusting the pinned NVIDIA Device Identity CA, with the system clock. */
  public static NvidiaVerifier nvidia() {
    return new NvidiaVerifier(Pinned.ROOT, Clock.systemUTC());
  }

  /** A verifier trusting only {@code root} (self-signed). */
  public static NvidiaVerifier trusting(X509Certificate root) {
    if (!root.getSubjectX500Principal().equals(root.getIssuerX500Principal())
        || !Certificates.isSignedBy(root, root.getPublicKey())) {
      throw new IllegalArgumentException("a trusted root must be self-signed");
    }
    return new NvidiaVerifier(root, Clock.systemUTC());
  }

  /** The pinned NVIDIA Device Identity CA. */
  public static X509Certificate deviceRoot() {
    return Pinned.ROOT;
  }

  public NvidiaVerifier withClock(Clock clock) {
    return new NvidiaVerifier(root, Objects.requireNonNull(clock));
  }

  /**
   * Verifies a binary report against {@code chain} (leaf first, as the GPU returns it; the root at
   * the end may be included or left out).
   *
   * @param expectedNonce the 32-byte nonce the verifier sent, or empty to skip that check (the
   *     result then says so)
   * @throws NvidiaVerificationException naming the first check that failed
   */
  public NvidiaVerification verify(
      byte[] report, List<X509Certificate> chain, Optional<byte[]> expectedNonce)
      throws NvidiaVerificationException {
    return verify(SpdmMeasurements.parse(report), chain, expectedNonce);
  }

  /** Verifies a parsed report; see {@link #verify(byte[], List, Optional)}. */
  public NvidiaVerification verify(
      SpdmMeasurements r, List<X509Certificate> chain, Optional<byte[]> expectedNonce)
      throws NvidiaVerificationException {
    if (chain.isEmpty()) {
      throw new NvidiaVerificationException("no GPU certificate chain was supplied");
    }
    if (chain.size() > Certificates.MAX_CERTIFICATES) {
      throw new NvidiaVerificationException(
          "more than " + Certificates.MAX_CERTIFICATES + " certificates");
    }
    // The leaf's binding and the report signature first: most corruptions fail here cheaply.
    X509Certificate leaf = chain.get(0);
    if (!(leaf.getPublicKey() instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 384) {
      throw new NvidiaVerificationException("attestation certificate key is not EC P-384");
    }
    byte[] fwid =
        r.opaque(SpdmMeasurements.OPAQUE_FWID)
            .orElseThrow(() -> new NvidiaVerificationException("report carries no FWID"));
    byte[] ext = leaf.getExtensionValue(DICE_TCB_INFO);
    if (ext == null || !contains(ext, encodeOctets(fwid))) {
      throw new NvidiaVerificationException(
          "report FWID does not match the attestation certificate's DICE TcbInfo");
    }
    if (!Ecdsa.verifyRaw(leaf.getPublicKey(), "SHA384withECDSA", r.signedBytes(), r.signature())) {
      throw new NvidiaVerificationException("report signature does not verify under " + name(leaf));
    }
    List<X509Certificate> path = new ArrayList<>(chain);
    if (Certificates.sameCertificate(path.get(path.size() - 1), root)) {
      path.remove(path.size() - 1);
    }
    if (path.isEmpty()) {
      throw new NvidiaVerificationException("the chain holds only the root");
    }
    for (int i = 0; i + 1 < path.size(); i++) {
      if (!path.get(i).getIssuerX500Principal().equals(path.get(i + 1).getSubjectX500Principal())
          || !Certificates.isSignedBy(path.get(i), path.get(i + 1).getPublicKey())) {
        throw new NvidiaVerificationException(
            "certificate " + name(path.get(i)) + " is not signed by " + name(path.get(i + 1)));
      }
    }
    X509Certificate top = path.get(path.size() - 1);
    if (!top.getIssuerX500Principal().equals(root.getSubjectX500Principal())
        || !Certificates.isSignedBy(top, root.getPublicKey())) {
      throw new NvidiaVerificationException(
          "certificate " + name(top) + " is not signed by the trusted " + name(root));
    }
    path.add(root);
    Instant now = clock.instant();
    for (X509Certificate c : path) {
      if (!Certificates.isValidAt(c, now)) {
        throw new NvidiaVerificationException("certificate " + name(c) + " is not valid at " + now);
      }
    }

    if (expectedNonce.isPresent()
        && !MessageDigest.isEqual(expectedNonce.get(), r.requestNonce())) {
      throw new NvidiaVerificationException("nonce does not match the expected nonce");
    }
    Origin origin =
        Certificates.sameCertificate(root, Pinned.ROOT) ? Origin.VENDOR : Origin.SIMULATED;
    return new NvidiaVerification(r, path, expectedNonce.isPresent(), origin);
  }

  private static byte[] encodeOctets(byte[] b) {
    try {
      return new DEROctetString(b).getEncoded();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static String name(X509Certificate c) {
    return c.getSubjectX500Principal().getName();
  }
}
