package dev.incognito.protocol.attestation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * X.509 helpers shared by the evidence verifiers: PEM and DER parsing with capped sizes, signature
 * checks that understand RSASSA-PSS and ECDSA (through BouncyCastle, never registered globally),
 * and fingerprints.
 */
public final class Certificates {

  /** The BouncyCastle provider instance used for every evidence signature check. */
  public static final Provider BC = new BouncyCastleProvider();

  /** Most certificates accepted in one chain or PEM bundle. */
  public static final int MAX_CERTIFICATES = 16;

  /** Largest certificate file or PEM bundle accepted, bytes. */
  public static final int MAX_PEM_BYTES = 256 * 1024;

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private Certificates() {}

  /**
   * Parses certificates from PEM text (one or more {@code CERTIFICATE} blocks, other blocks
   * ignored) or, when the bytes do not look like PEM, from one DER certificate.
   *
   * @throws CertificateException when the input is too large, holds too many certificates or one
   *     does not parse
   */
  public static List<X509Certificate> parse(byte[] pemOrDer) throws CertificateException {
    if (pemOrDer.length > MAX_PEM_BYTES) {
      throw new CertificateException(
          "certificate input of " + pemOrDer.length + " bytes exceeds " + MAX_PEM_BYTES);
    }
    String text = new String(pemOrDer, StandardCharsets.US_ASCII);
    if (!text.contains(BEGIN)) {
      return List.of(parseDer(pemOrDer));
    }
    List<X509Certificate> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int b = text.indexOf(BEGIN, from);
      if (b < 0) {
        break;
      }
      int e = text.indexOf(END, b);
      if (e < 0) {
        throw new CertificateException("PEM certificate block without its END line");
      }
      if (out.size() == MAX_CERTIFICATES) {
        throw new CertificateException("more than " + MAX_CERTIFICATES + " certificates");
      }
      String body = text.substring(b + BEGIN.length(), e).replaceAll("\\s", "");
      byte[] der;
      try {
        der = Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException ex) {
        throw new CertificateException("PEM certificate block is not base64", ex);
      }
      out.add(parseDer(der));
      from = e + END.length();
    }
    return List.copyOf(out);
  }

  /** Parses one DER certificate. */
  public static X509Certificate parseDer(byte[] der) throws CertificateException {
    try (InputStream in = new ByteArrayInputStream(der)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the certificates in a class-path resource beside {@code anchor}. */
  public static List<X509Certificate> resource(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateException e) {
      throw new IllegalStateException("bad pinned certificate resource " + name, e);
    }
  }

  /**
   * Whether {@code cert}'s signature verifies under {@code issuerKey}. Understands RSASSA-PSS with
   * its parameters, PKCS #1 v1.5 and ECDSA.
   */
  public static boolean isSignedBy(X509Certificate cert, PublicKey issuerKey) {
    try {
      X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
      return holder.isSignatureValid(
          new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuerKey));
    } catch (Exception e) {
      // an unparseable signature, an unsupported algorithm or a key of the wrong type all mean
      // "not signed by this key"
      return false;
    }
  }

  /** Whether {@code cert} is valid at {@code now} (notBefore &lt;= now &lt;= notAfter). */
  public static boolean isValidAt(X509Certificate cert, Instant now) {
    Date d = Date.from(now);
    return !d.before(cert.getNotBefore()) && !d.after(cert.getNotAfter());
  }

  /** SHA-256 of the DER encoding, lower-case hex. */
  public static String sha256Fingerprint(X509Certificate cert) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether two certificates have the same DER encoding. */
  public static boolean sameCertificate(X509Certificate a, X509Certificate b) {
    try {
      return MessageDigest.isEqual(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
