package dev.incognito.protocol.attestation.simulated;

import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.snp.Product;
import dev.incognito.protocol.attestation.snp.SnpCertificateTable;
import dev.incognito.protocol.attestation.snp.SnpReport;
import dev.incognito.protocol.attestation.snp.TcbVersion;
import dev.incognito.protocol.attestation.snp.VcekExtensions;
import dev.incognito.protocol.secret.SecretBytes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A simulated SEV-SNP platform: an ARK and ASK (RSA-4096, RSASSA-PSS with SHA-384 and salt 48, like
 * AMD's) and a VCEK (EC P-384) carrying AMD's VCEK extensions (product name {@value #PRODUCT_NAME},
 * TCB security patch levels, hwID = the simulated CHIP_ID), which signs version-3
 * ATTESTATION_REPORTs in the real layout. A VLEK hierarchy (ARK → ASVK → VLEK with a CSP ID) can be
 * generated instead; everything below then says VLEK and ASVK where it says VCEK and ASK.
 *
 * <p>Generate once with {@link #generate} and persist with {@link #store} / {@link #load} (or
 * {@link #toPem} / {@link #fromPem}): the form is PEM, the VCEK private key as PKCS #8 {@code
 * PRIVATE KEY} followed by the VCEK, ASK and ARK certificates. The ARK and ASK private keys are
 * discarded after generation; nothing but the VCEK key is needed to produce reports.
 */
public final class SimulatedSnp {

  /** The VCEK product-name extension; its "Milan" prefix selects the Milan TCB layout. */
  public static final String PRODUCT_NAME = "Milan-Simulated";

  /** Guest policy of simulated reports: SMT allowed, reserved bit 17 set, debugging off. */
  public static final long POLICY = (1L << 16) | SnpReport.POLICY_RESERVED_ONE;

  /** The TCB the simulated platform reports (Milan layout). */
  public static final TcbVersion TCB = TcbVersion.of(Product.MILAN, 0, 4, 0, 22, 213);

  private static final String ORG = "O=Incognito simulated TEE";
  private static final String KEY_LABEL = "PRIVATE KEY";
  private static final String CERT_LABEL = "CERTIFICATE";

  private final PrivateKey vcekKey;
  private final X509Certificate vcek;
  private final X509Certificate ask;
  private final X509Certificate ark;
  private final byte[] chipId;
  private final SnpReport.SigningKey signingKey;

  private SimulatedSnp(
      PrivateKey vcekKey, X509Certificate vcek, X509Certificate ask, X509Certificate ark) {
    this.vcekKey = vcekKey;
    this.vcek = vcek;
    this.ask = ask;
    this.ark = ark;
    this.signingKey =
        VcekExtensions.hasCspId(vcek) ? SnpReport.SigningKey.VLEK : SnpReport.SigningKey.VCEK;
    // a VLEK is not bound to one chip: its reports carry a zero CHIP_ID
    this.chipId =
        signingKey == SnpReport.SigningKey.VLEK
            ? new byte[64]
            : VcekExtensions.hwId(vcek)
                .filter(h -> h.length == 64)
                .orElseThrow(() -> new IllegalArgumentException("VCEK lacks a 64-byte hwID"));
  }

  /** Generates a fresh VCEK hierarchy and CHIP_ID. RSA-4096 generation takes seconds. */
  public static SimulatedSnp generate(SecureRandom random) {
    return generate(random, SnpReport.SigningKey.VCEK);
  }

  /**
   * Generates a fresh hierarchy whose reports are signed by a VCEK (ARK → ASK → VCEK, hwID =
   * CHIP_ID) or a VLEK (ARK → ASVK → VLEK, with a CSP ID and no hwID).
   */
  public static SimulatedSnp generate(SecureRandom random, SnpReport.SigningKey key) {
    boolean vlek = key == SnpReport.SigningKey.VLEK;
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4), random);
      KeyPair arkKeys = rsa.generateKeyPair();
      KeyPair askKeys = rsa.generateKeyPair();
      KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
      ec.initialize(new ECGenParameterSpec("secp384r1"), random);
      KeyPair vcekKeys = ec.generateKeyPair();
      byte[] chip = new byte[64];
      random.nextBytes(chip);

      Instant now = Instant.now().minus(Duration.ofDays(1));
      X500Name arkName = new X500Name("CN=ARK-Simulated, " + ORG);
      X500Name askName =
          new X500Name(vlek ? "CN=SEV-VLEK-Simulated, " + ORG : "CN=SEV-Simulated, " + ORG);
      X500Name vcekName = new X500Name(vlek ? "CN=SEV-VLEK, " + ORG : "CN=SEV-VCEK, " + ORG);

      X509v3CertificateBuilder arkB =
          builder(
              arkName,
              serial(random),
              now,
              Duration.ofDays(25 * 365),
              arkName,
              arkKeys.getPublic());
      caExtensions(arkB);
      X509Certificate ark = sign(arkB, arkKeys.getPrivate());

      X509v3CertificateBuilder askB =
          builder(
              arkName,
              serial(random),
              now,
              Duration.ofDays(25 * 365),
              askName,
              askKeys.getPublic());
      caExtensions(askB);
      X509Certificate ask = sign(askB, arkKeys.getPrivate());

      // AMD issues VCEKs with serial number 0.
      X509v3CertificateBuilder vcekB =
          builder(
              askName,
              BigInteger.ZERO,
              now,
              Duration.ofDays(7 * 365),
              vcekName,
              vcekKeys.getPublic());
      vcekB.addExtension(oid(VcekExtensions.STRUCT_VERSION), false, new ASN1Integer(1));
      vcekB.addExtension(oid(VcekExtensions.PRODUCT_NAME), false, new DERIA5String(PRODUCT_NAME));
      vcekB.addExtension(oid(VcekExtensions.BL_SPL), false, new ASN1Integer(TCB.bootloader()));
      vcekB.addExtension(oid(VcekExtensions.TEE_SPL), false, new ASN1Integer(TCB.tee()));
      vcekB.addExtension(oid(VcekExtensions.SNP_SPL), false, new ASN1Integer(TCB.snp()));
      vcekB.addExtension(oid(VcekExtensions.UCODE_SPL), false, new ASN1Integer(TCB.microcode()));
      if (vlek) {
        vcekB.addExtension(oid(VcekExtensions.CSP_ID), false, new DERIA5String("Incognito"));
      } else {
        // AMD stores the raw CHIP_ID as the extension value, not a DER OCTET STRING.
        vcekB.addExtension(oid(VcekExtensions.HW_ID), false, chip);
      }
      X509Certificate vcek = sign(vcekB, askKeys.getPrivate());
      return new SimulatedSnp(vcekKeys.getPrivate(), vcek, ask, ark);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the simulated SEV-SNP hierarchy", e);
    }
  }

  /** The simulated ARK: pass it to {@code SnpVerifier.trusting} to accept this platform. */
  public X509Certificate root() {
    return ark;
  }

  /** VCEK, ASK, ARK: the certificates a verifier needs beside a report. */
  public List<X509Certificate> certificates() {
    return List.of(vcek, ask, ark);
  }

  /**
   * The certificates as an extended-report certificate table ({@code SnpCertificateTable}), the
   * form configfs-tsm's {@code auxblob} has on a real platform.
   */
  public byte[] certificateTable() {
    try {
      Map<UUID, byte[]> m = new LinkedHashMap<>();
      m.put(
          signingKey == SnpReport.SigningKey.VLEK
              ? SnpCertificateTable.VLEK
              : SnpCertificateTable.VCEK,
          vcek.getEncoded());
      m.put(SnpCertificateTable.ASK, ask.getEncoded());
      m.put(SnpCertificateTable.ARK, ark.getEncoded());
      return SnpCertificateTable.encode(m);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether reports are signed by a VCEK or a VLEK. */
  public SnpReport.SigningKey signingKey() {
    return signingKey;
  }

  /** The simulated CHIP_ID (64 bytes), equal to the VCEK's hwID; zeros for a VLEK. */
  public byte[] chipId() {
    return chipId.clone();
  }

  /**
   * Produces a signed version-3 ATTESTATION_REPORT at VMPL 0.
   *
   * @param reportData64 REPORT_DATA, 64 bytes (for the gateway, {@code BundleClaims.reportData()})
   * @param measurement48 MEASUREMENT, 48 bytes
   */
  public byte[] report(byte[] reportData64, byte[] measurement48) {
    if (reportData64.length != 64) {
      throw new IllegalArgumentException("REPORT_DATA has 64 bytes, not " + reportData64.length);
    }
    if (measurement48.length != 48) {
      throw new IllegalArgumentException("MEASUREMENT has 48 bytes, not " + measurement48.length);
    }
    ByteBuffer b = ByteBuffer.allocate(SnpReport.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x00, 3); // VERSION
    b.putInt(0x04, 0); // GUEST_SVN
    b.putLong(0x08, POLICY);
    b.putInt(0x30, 0); // VMPL
    b.putInt(0x34, SnpReport.SIG_ALGO_ECDSA_P384_SHA384);
    b.putLong(0x38, TCB.raw()); // CURRENT_TCB
    b.putLong(0x40, 0); // PLATFORM_INFO
    b.putInt(0x48, signingKey == SnpReport.SigningKey.VLEK ? 1 << 2 : 0); // flags: SIGNING_KEY
    b.put(0x50, reportData64);
    b.put(0x90, measurement48);
    byte[] reportId = new byte[32];
    new SecureRandom().nextBytes(reportId);
    b.put(0x140, reportId);
    Arrays.fill(b.array(), 0x160, 0x180, (byte) 0xff); // REPORT_ID_MA: no migration agent
    b.putLong(0x180, TCB.raw()); // REPORTED_TCB
    b.put(0x188, (byte) 0x19); // CPUID family: Milan
    b.put(0x189, (byte) 0x01); // CPUID model
    b.put(0x18A, (byte) 0x01); // CPUID stepping
    b.put(0x1A0, chipId);
    b.putLong(0x1E0, TCB.raw()); // COMMITTED_TCB
    b.put(0x1E8, (byte) 0x00).put(0x1E9, (byte) 55).put(0x1EA, (byte) 1); // firmware 1.55.0
    b.put(0x1EC, (byte) 0x00).put(0x1ED, (byte) 55).put(0x1EE, (byte) 1);
    b.putLong(0x1F0, TCB.raw()); // LAUNCH_TCB
    byte[] report = b.array();
    try {
      Signature s = Signature.getInstance("SHA384withECDSA");
      s.initSign(vcekKey);
      s.update(report, 0, SnpReport.SIGNED_LENGTH);
      ASN1Sequence seq = ASN1Sequence.getInstance(s.sign());
      putLittleEndian(
          report, SnpReport.SIGNED_LENGTH, ASN1Integer.getInstance(seq.getObjectAt(0)).getValue());
      putLittleEndian(
          report,
          SnpReport.SIGNED_LENGTH + SnpReport.SIGNATURE_COMPONENT_SIZE,
          ASN1Integer.getInstance(seq.getObjectAt(1)).getValue());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the simulated report", e);
    }
    return report;
  }

  private static void putLittleEndian(byte[] out, int off, BigInteger v) {
    byte[] be = v.toByteArray(); // may have a leading 0x00
    for (int i = 0; i < be.length && i < SnpReport.P384_COMPONENT_SIZE; i++) {
      out[off + i] = be[be.length - 1 - i];
    }
  }

  /** The persistent PEM form (VCEK private key, then VCEK, ASK, ARK certificates). */
  public SecretBytes toPem() {
    StringBuilder sb = new StringBuilder();
    block(sb, KEY_LABEL, vcekKey.getEncoded());
    try {
      for (X509Certificate c : certificates()) {
        block(sb, CERT_LABEL, c.getEncoded());
      }
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return SecretBytes.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Restores a platform from {@link #toPem()}'s form.
   *
   * @throws GeneralSecurityException when a block is missing or does not parse, or the key does not
   *     belong to the VCEK, or the VCEK is not issued by the ASK and the ASK by the ARK
   */
  public static SimulatedSnp fromPem(SecretBytes pem) throws GeneralSecurityException {
    String text = new String(pem.revealForUse(), StandardCharsets.US_ASCII);
    List<byte[]> keys = blocks(text, KEY_LABEL);
    List<X509Certificate> certs;
    try {
      certs = Certificates.parse(text.getBytes(StandardCharsets.US_ASCII));
    } catch (CertificateException e) {
      throw new GeneralSecurityException("simulated platform certificates do not parse", e);
    }
    if (keys.size() != 1 || certs.size() != 3) {
      throw new GeneralSecurityException(
          "simulated platform PEM needs 1 private key and 3 certificates");
    }
    PrivateKey key =
        KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
    Arrays.fill(keys.get(0), (byte) 0);
    X509Certificate vcek = certs.get(0);
    X509Certificate ask = certs.get(1);
    X509Certificate ark = certs.get(2);
    if (!Certificates.isSignedBy(vcek, ask.getPublicKey())
        || !Certificates.isSignedBy(ask, ark.getPublicKey())
        || !Certificates.isSignedBy(ark, ark.getPublicKey())) {
      throw new GeneralSecurityException("simulated platform chain does not verify");
    }
    if (!matches(key, vcek.getPublicKey())) {
      throw new GeneralSecurityException("private key does not belong to the VCEK");
    }
    return new SimulatedSnp(key, vcek, ask, ark);
  }

  /** Writes {@link #toPem()} to {@code file}, readable by its owner only where POSIX allows. */
  public void store(Path file) throws IOException {
    try (SecretBytes pem = toPem()) {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
      Files.write(tmp, pem.revealForUse(), StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Reads a platform written by {@link #store}. */
  public static SimulatedSnp load(Path file) throws IOException, GeneralSecurityException {
    try (SecretBytes pem = SecretBytes.wrap(Files.readAllBytes(file))) {
      return fromPem(pem);
    }
  }

  /** Loads {@code file} when it exists, else generates a platform and stores it there. */
  public static SimulatedSnp loadOrGenerate(Path file, SecureRandom random)
      throws IOException, GeneralSecurityException {
    if (Files.exists(file)) {
      return load(file);
    }
    SimulatedSnp s = generate(random);
    s.store(file);
    return s;
  }

  private static boolean matches(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
    byte[] probe = "simulated-snp key check".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance("SHA384withECDSA");
    s.initSign(key);
    s.update(probe);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance("SHA384withECDSA");
    v.initVerify(pub);
    v.update(probe);
    return v.verify(sig);
  }

  private static void block(StringBuilder sb, String label, byte[] der) {
    sb.append("-----BEGIN ").append(label).append("-----\n");
    sb.append(
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der));
    sb.append("\n-----END ").append(label).append("-----\n");
  }

  private static List<byte[]> blocks(String text, String label) throws GeneralSecurityException {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int b = text.indexOf(begin, from);
      if (b < 0) {
        return out;
      }
      int e = text.indexOf(end, b);
      if (e < 0 || out.size() >= Certificates.MAX_CERTIFICATES) {
        throw new GeneralSecurityException("malformed PEM " + label + " block");
      }
      try {
        out.add(Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e)));
      } catch (IllegalArgumentException ex) {
        throw new GeneralSecurityException("PEM " + label + " block is not base64", ex);
      }
      from = e + end.length();
    }
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer,
      BigInteger serial,
      Instant from,
      Duration life,
      X500Name subject,
      PublicKey key) {
    return new JcaX509v3CertificateBuilder(
        issuer, serial, Date.from(from), Date.from(from.plus(life)), subject, key);
  }

  private static void caExtensions(X509v3CertificateBuilder b) throws IOException {
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey)
      throws OperatorCreationException, CertificateException {
    // SHA384withRSAandMGF1: RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48 (the digest length)
    ContentSigner signer =
        new JcaContentSignerBuilder("SHA384withRSAandMGF1")
            .setProvider(Certificates.BC)
            .build(issuerKey);
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(120, random).setBit(119);
  }

  private static ASN1ObjectIdentifier oid(String id) {
    return new ASN1ObjectIdentifier(Objects.requireNonNull(id));
  }
}
