package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.attestation.nvidia.MeasurementBlock;
import dev.incognito.protocol.attestation.nvidia.NvidiaVerification;
import dev.incognito.protocol.attestation.nvidia.NvidiaVerificationException;
import dev.incognito.protocol.attestation.nvidia.NvidiaVerifier;
import dev.incognito.protocol.attestation.nvidia.SpdmMeasurements;
import dev.incognito.protocol.attestation.snp.SnpCertificateTable;
import dev.incognito.protocol.attestation.snp.SnpPolicy;
import dev.incognito.protocol.attestation.snp.SnpReport;
import dev.incognito.protocol.attestation.snp.SnpVerification;
import dev.incognito.protocol.attestation.snp.SnpVerificationException;
import dev.incognito.protocol.attestation.snp.SnpVerifier;
import dev.incognito.protocol.attestation.snp.TcbVersion;
import dev.incognito.protocol.attestation.tdx.TcbStatus;
import dev.incognito.protocol.attestation.tdx.TdxCollateral;
import dev.incognito.protocol.attestation.tdx.TdxPolicy;
import dev.incognito.protocol.attestation.tdx.TdxQuote;
import dev.incognito.protocol.attestation.tdx.TdxVerification;
import dev.incognito.protocol.attestation.tdx.TdxVerificationException;
import dev.incognito.protocol.attestation.tdx.TdxVerifier;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code incognito evidence verify}: checks one piece of attestation evidence (an SEV-SNP report, a
 * TDX quote or an NVIDIA GPU report) against the vendor's root, or a root given explicitly, and
 * prints what it vouches for as JSON. Exits 0 only when every check passed; otherwise prints the
 * check that failed and exits with the verification code.
 */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = "Check attestation evidence from a confidential VM or GPU.",
    subcommands = {EvidenceCommand.Verify.class})
public final class EvidenceCommand implements Runnable {

  /** Largest evidence, certificate or key file read, bytes. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The evidence kinds this command verifies. */
  enum Type {
    SEV_SNP("sev-snp"),
    TDX("tdx"),
    NVIDIA("nvidia");

    final String label;

    Type(String label) {
      this.label = label;
    }

    static Type of(String s) {
      for (Type t : values()) {
        if (t.label.equals(s.toLowerCase(Locale.ROOT))) {
          return t;
        }
      }
      throw new CommandLine.TypeConversionException(
          "unknown evidence type '" + s + "' (sev-snp, tdx, nvidia)");
    }

    @Override
    public String toString() {
      return label;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify evidence and print its claims as JSON.",
        "sev-snp: --evidence is the 1184-byte report, --cert the VCEK or VLEK (ASK/ARK optional;"
            + " AMD's are built in).",
        "tdx: --evidence is the quote (it carries its PCK chain); --collateral a folder with "
            + TdxCollateral.TCB_INFO
            + ", "
            + TdxCollateral.TCB_INFO_CHAIN
            + ", "
            + TdxCollateral.QE_IDENTITY
            + ", "
            + TdxCollateral.QE_IDENTITY_CHAIN
            + ", "
            + TdxCollateral.PCK_CRL
            + ", "
            + TdxCollateral.ROOT_CRL
            + ".",
        "nvidia: --evidence is the report (hex text or binary), --cert the GPU's chain (PEM)."
      })
  static final class Verify implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--type",
        required = true,
        converter = TypeConverter.class,
        description = "sev-snp, tdx or nvidia")
    Type type;

    @Option(names = "--evidence", required = true, paramLabel = "FILE")
    Path evidence;

    @Option(names = "--cert", paramLabel = "FILE", description = "certificate file(s), PEM or DER")
    List<Path> certs = new ArrayList<>();

    @Option(
        names = "--cert-table",
        paramLabel = "FILE",
        description = "SEV-SNP: the extended report's certificate table (configfs-tsm auxblob)")
    Path certTable;

    @Option(names = "--collateral", paramLabel = "DIR", description = "TDX: Intel PCS collateral")
    Path collateral;

    @Option(
        names = "--root",
        paramLabel = "FILE",
        description =
            "trust this root instead of the built-in vendor root (for a simulated TEE); the"
                + " result then says SIMULATED")
    Path root;

    @Option(
        names = "--report-data",
        paramLabel = "HEX",
        description = "expected REPORT_DATA (64 bytes)")
    String reportData;

    @Option(
        names = "--nonce",
        paramLabel = "HEX",
        description = "NVIDIA: expected nonce (32 bytes)")
    String nonce;

    @Option(
        names = "--measurement",
        paramLabel = "HEX",
        description = "allowed launch measurement (SEV-SNP MEASUREMENT or TDX MRTD); repeatable")
    Set<String> measurements = new HashSet<>();

    @Option(names = "--allow-debug", description = "accept a guest that allows debugging")
    boolean allowDebug;

    @Option(
        names = "--min-tcb",
        paramLabel = "BL.TEE.SNP.UCODE",
        description = "SEV-SNP: minimum reported TCB, Milan/Genoa layout")
    String minTcb;

    @Option(
        names = "--accept-tcb-status",
        paramLabel = "STATUS",
        description = "TDX: accept this TCB status besides UpToDate (e.g. SWHardeningNeeded)")
    List<String> acceptTcbStatus = new ArrayList<>();

    @Option(
        names = "--time",
        paramLabel = "INSTANT",
        description = "check validity as of this instant (ISO-8601) instead of now")
    String time;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      JsonObject claims;
      try {
        Clock clock = clock();
        claims =
            switch (type) {
              case SEV_SNP -> snp(clock);
              case TDX -> tdx(clock);
              case NVIDIA -> nvidia(clock);
            };
      } catch (SnpVerificationException
          | TdxVerificationException
          | NvidiaVerificationException e) {
        err.println("evidence is not valid: " + e.getMessage());
        err.flush();
        return ChatException.Kind.VERIFICATION.exitCode();
      } catch (IOException | CertificateException | IllegalArgumentException e) {
        err.println("cannot read the input: " + e.getMessage());
        err.flush();
        return ExitCodes.USAGE;
      }
      out.println(pretty(claims));
      out.flush();
      return ExitCodes.OK;
    }

    private JsonObject snp(Clock clock)
        throws IOException, CertificateException, SnpVerificationException {
      SnpVerifier verifier =
          (root == null ? SnpVerifier.amd() : SnpVerifier.trusting(rootCert())).withClock(clock);
      SnpPolicy policy = SnpPolicy.strict();
      if (allowDebug) {
        policy = policy.withDebugAllowed();
      }
      if (!measurements.isEmpty()) {
        policy = policy.withAllowedMeasurements(measurements);
      }
      if (reportData != null) {
        policy = policy.withExpectedReportData(hex(reportData, 64, "--report-data"));
      }
      if (minTcb != null) {
        policy = policy.withMinimumTcb(parseMinTcb(minTcb));
      }
      List<X509Certificate> certificates = certificates();
      if (certTable != null) {
        certificates.addAll(SnpCertificateTable.parse(read(certTable)).certificates());
      }
      SnpVerification v = verifier.verify(read(evidence), certificates, policy);
      SnpReport r = v.report();
      TcbVersion t = v.reportedTcb();
      return Json.createObjectBuilder()
          .add("type", type.label)
          .add("valid", true)
          .add("origin", v.origin().name())
          .add("product", v.product().kdsName())
          .add("signingKey", v.signingKey().name())
          .add("version", r.version())
          .add("vmpl", r.vmpl())
          .add("policy", "0x" + Long.toHexString(r.policy()))
          .add("debugAllowed", r.debugAllowed())
          .add("measurement", HEX.formatHex(r.measurement()))
          .add("reportData", HEX.formatHex(r.reportData()))
          .add("hostData", HEX.formatHex(r.hostData()))
          .add("chipId", HEX.formatHex(r.chipId()))
          .add(
              "reportedTcb",
              Json.createObjectBuilder()
                  .add("fmc", t.fmc())
                  .add("bootloader", t.bootloader())
                  .add("tee", t.tee())
                  .add("snp", t.snp())
                  .add("microcode", t.microcode()))
          .add("firmware", r.currentFirmware())
          .build();
    }

    private JsonObject tdx(Clock clock)
        throws IOException, CertificateException, TdxVerificationException {
      TdxVerifier verifier =
          (root == null ? TdxVerifier.intel() : TdxVerifier.trusting(rootCert())).withClock(clock);
      TdxCollateral c =
          collateral == null ? TdxCollateral.none() : TdxCollateral.fromDirectory(collateral);
      TdxPolicy policy = TdxPolicy.strict();
      if (collateral == null) {
        policy = policy.withCollateralOptional();
      }
      if (!acceptTcbStatus.isEmpty()) {
        Set<TcbStatus> accepted = new HashSet<>(Set.of(TcbStatus.UP_TO_DATE));
        for (String s : acceptTcbStatus) {
          accepted.add(TcbStatus.fromJson(s));
        }
        policy = policy.withAcceptedTcbStatuses(accepted);
      }
      if (allowDebug) {
        policy = policy.withDebugAllowed();
      }
      if (!measurements.isEmpty()) {
        policy = policy.withAllowedMrTd(measurements);
      }
      if (reportData != null) {
        policy = policy.withExpectedReportData(hex(reportData, 64, "--report-data"));
      }
      TdxVerification v = verifier.verify(read(evidence), c, policy);
      TdxQuote q = v.quote();
      JsonObjectBuilder b =
          Json.createObjectBuilder()
              .add("type", type.label)
              .add("valid", true)
              .add("origin", v.origin().name())
              .add("version", q.version())
              .add("mrTd", HEX.formatHex(q.mrTd()))
              .add("rtmr0", HEX.formatHex(q.rtmr(0)))
              .add("rtmr1", HEX.formatHex(q.rtmr(1)))
              .add("rtmr2", HEX.formatHex(q.rtmr(2)))
              .add("rtmr3", HEX.formatHex(q.rtmr(3)))
              .add("mrSeam", HEX.formatHex(q.mrSeam()))
              .add("tdAttributes", "0x" + Long.toHexString(q.tdAttributes()))
              .add("teeTcbSvn", HEX.formatHex(q.teeTcbSvn()))
              .add("reportData", HEX.formatHex(q.reportData()))
              .add("fmspc", HEX.formatHex(v.pckExtensions().fmspc()))
              .add("tcbStatus", v.tcb().map(e -> e.status().jsonName()).orElse("NotEvaluated"))
              .add("qeStatus", v.qeStatus().map(TcbStatus::jsonName).orElse("NotEvaluated"))
              .add("pckRevocationChecked", v.pckRevocationChecked());
      v.tcb().flatMap(e -> e.moduleId()).ifPresent(id -> b.add("tdxModule", id));
      return b.build();
    }

    private JsonObject nvidia(Clock clock)
        throws IOException, CertificateException, NvidiaVerificationException {
      NvidiaVerifier verifier =
          (root == null ? NvidiaVerifier.nvidia() : NvidiaVerifier.trusting(rootCert()))
              .withClock(clock);
      byte[] raw = read(evidence);
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      SpdmMeasurements m =
          text.strip().matches("[0-9a-fA-F\\s]+")
              ? SpdmMeasurements.parseHex(text)
              : SpdmMeasurements.parse(raw);
      Optional<byte[]> expected =
          nonce == null ? Optional.empty() : Optional.of(hex(nonce, 32, "--nonce"));
      NvidiaVerification v = verifier.verify(m, certificates(), expected);
      JsonArrayBuilder blocks = Json.createArrayBuilder();
      for (MeasurementBlock blk : m.blocks()) {
        blocks.add(
            Json.createObjectBuilder()
                .add("index", blk.index())
                .add("value", HEX.formatHex(blk.value())));
      }
      JsonObjectBuilder b =
          Json.createObjectBuilder()
              .add("type", type.label)
              .add("valid", true)
              .add("origin", v.origin().name())
              .add("nonce", HEX.formatHex(m.requestNonce()))
              .add("nonceChecked", v.nonceChecked())
              .add("attestationCertificate", v.chain().get(0).getSubjectX500Principal().getName());
      m.driverVersion().ifPresent(d -> b.add("driverVersion", d));
      m.vbiosVersion().ifPresent(d -> b.add("vbiosVersion", d));
      return b.add("measurements", blocks).build();
    }

    private Clock clock() {
      if (time == null) {
        return Clock.systemUTC();
      }
      try {
        return Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--time is not an ISO-8601 instant: " + time);
      }
    }

    private List<X509Certificate> certificates() throws IOException, CertificateException {
      List<X509Certificate> out = new ArrayList<>();
      for (Path p : certs) {
        out.addAll(Certificates.parse(read(p)));
      }
      return out;
    }

    private X509Certificate rootCert() throws IOException, CertificateException {
      List<X509Certificate> c = Certificates.parse(read(root));
      if (c.size() != 1) {
        throw new CertificateException("--root must hold exactly one certificate");
      }
      return c.get(0);
    }

    private static TcbVersion parseMinTcb(String s) {
      String[] p = s.split("\\.");
      if (p.length != 4) {
        throw new IllegalArgumentException("--min-tcb is BL.TEE.SNP.UCODE");
      }
      return TcbVersion.of(
          dev.incognito.protocol.attestation.snp.Product.MILAN,
          0,
          Integer.parseInt(p[0]),
          Integer.parseInt(p[1]),
          Integer.parseInt(p[2]),
          Integer.parseInt(p[3]));
    }

    private static byte[] hex(String s, int length, String option) {
      byte[] b;
      try {
        b = HEX.parseHex(s.strip().toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " is not hex");
      }
      if (b.length != length) {
        throw new IllegalArgumentException(option + " must be " + length + " bytes");
      }
      return b;
    }

    private static byte[] read(Path p) throws IOException {
      if (Files.size(p) > MAX_FILE_BYTES) {
        throw new IOException(p + " exceeds " + MAX_FILE_BYTES + " bytes");
      }
      return Files.readAllBytes(p);
    }
  }

  static final class TypeConverter implements CommandLine.ITypeConverter<Type> {
    @Override
    public Type convert(String value) {
      return Type.of(value);
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  static String pretty(JsonObject o) {
    StringWriter w = new StringWriter();
    try (JsonWriter jw =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(w)) {
      jw.writeObject(o);
    }
    return w.toString().strip();
  }
}
