package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.attestation.simulated.SimulatedSnp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvidenceCommandTest {

  private record Run(int code, String out, String err) {
    JsonObject json() {
      return Json.createReader(new StringReader(out)).readObject();
    }
  }

  private static Path vectors(String sub) {
    String shared = System.getProperty("incognito.shared.dir", "../shared");
    Path d = Path.of(shared, "vectors", sub);
    Assumptions.assumeTrue(Files.isDirectory(d), "shared vectors absent: " + d);
    return d;
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new EvidenceCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("verify"));
    all.addAll(Arrays.asList(args));
    int code = cl.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void sevSnp_realSampleVerifiesWhenDebugIsAllowed() {
    Path d = vectors("sev-snp/go-sev-guest");
    Run r =
        run(
            "--type",
            "sev-snp",
            "--evidence",
            d.resolve("attestation.bin").toString(),
            "--cert",
            d.resolve("vcek.der").toString(),
            "--allow-debug");
    assertEquals(0, r.code(), r.err());
    JsonObject j = r.json();
    assertEquals("VENDOR", j.getString("origin"));
    assertEquals("Milan", j.getString("product"));
    assertTrue(j.getString("measurement").startsWith("b07af962"));
  }

  @Test
  void sevSnp_realSampleFailsTheDefaultPolicyNamingDebug() {
    Path d = vectors("sev-snp/go-sev-guest");
    Run r =
        run(
            "--type", "sev-snp",
            "--evidence", d.resolve("attestation.bin").toString(),
            "--cert", d.resolve("vcek.der").toString());
    assertEquals(5, r.code());
    assertTrue(r.err().contains("guest policy allows debugging"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void tdx_v4SampleWithCollateralAtTheSamplesTime(@TempDir Path tmp) throws Exception {
    Path d = vectors("tdx/go-tdx-guest");
    Files.copy(d.resolve("sample_tcbInfo_response"), tmp.resolve("tcbinfo.json"));
    Files.copy(d.resolve("tcbinfo_issuer_chain.pem"), tmp.resolve("tcbinfo_issuer_chain.pem"));
    Files.copy(d.resolve("sample_qeIdentity_response"), tmp.resolve("qeidentity.json"));
    Files.copy(
        d.resolve("qeidentity_issuer_chain.pem"), tmp.resolve("qeidentity_issuer_chain.pem"));
    Files.copy(d.resolve("pckcrl"), tmp.resolve("pckcrl.der"));
    Files.copy(d.resolve("rootcrl.der"), tmp.resolve("rootcrl.der"));
    String quote = d.resolve("tdx_prod_quote_SPR_E4.dat").toString();

    Run strict =
        run(
            "--type",
            "tdx",
            "--evidence",
            quote,
            "--collateral",
            tmp.toString(),
            "--time",
            "2023-07-01T00:00:00Z");
    assertEquals(5, strict.code());
    assertTrue(strict.err().contains("platform TCB status NotSupported"), strict.err());

    Run ok =
        run(
            "--type",
            "tdx",
            "--evidence",
            quote,
            "--collateral",
            tmp.toString(),
            "--time",
            "2023-07-01T00:00:00Z",
            "--accept-tcb-status",
            "NotSupported");
    assertEquals(0, ok.code(), ok.err());
    JsonObject j = ok.json();
    assertEquals("NotSupported", j.getString("tcbStatus"));
    assertEquals("UpToDate", j.getString("qeStatus"));
    assertEquals("50806f000000", j.getString("fmspc"));
    assertTrue(j.getBoolean("pckRevocationChecked"));
  }

  @Test
  void nvidia_sampleVerifiesWithItsNonceAndFailsWithAnother() {
    Path d = vectors("nvidia/nvtrust");
    String nonce = "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb";
    Run ok =
        run(
            "--type",
            "nvidia",
            "--evidence",
            d.resolve("hopperAttestationReport.txt").toString(),
            "--cert",
            d.resolve("hopperCertChain.txt").toString(),
            "--nonce",
            nonce);
    assertEquals(0, ok.code(), ok.err());
    assertEquals("550.90.07", ok.json().getString("driverVersion"));
    assertEquals(64, ok.json().getJsonArray("measurements").size());

    Run bad =
        run(
            "--type", "nvidia",
            "--evidence", d.resolve("hopperAttestationReport.txt").toString(),
            "--cert", d.resolve("hopperCertChain.txt").toString(),
            "--nonce", "00".repeat(32));
    assertEquals(5, bad.code());
    assertTrue(bad.err().contains("nonce does not match"), bad.err());
  }

  @Test
  void simulated_acceptedOnlyWithItsRootAndMarkedSimulated(@TempDir Path tmp) throws Exception {
    SimulatedSnp sim = SimulatedSnp.generate(new SecureRandom());
    Path report = Files.write(tmp.resolve("report.bin"), sim.report(new byte[64], new byte[48]));
    List<String> certArgs = new ArrayList<>();
    String[] names = {"vcek.der", "ask.der", "ark.der"};
    for (int i = 0; i < 3; i++) {
      Path p = Files.write(tmp.resolve(names[i]), sim.certificates().get(i).getEncoded());
      certArgs.add("--cert");
      certArgs.add(p.toString());
    }
    List<String> args =
        new ArrayList<>(List.of("--type", "sev-snp", "--evidence", report.toString()));
    args.addAll(certArgs);

    Run refused = run(args.toArray(String[]::new));
    assertEquals(5, refused.code());

    Path table = Files.write(tmp.resolve("auxblob"), sim.certificateTable());
    Run fromTable =
        run(
            "--type",
            "sev-snp",
            "--evidence",
            report.toString(),
            "--cert-table",
            table.toString(),
            "--root",
            tmp.resolve("ark.der").toString());
    assertEquals(0, fromTable.code(), fromTable.err());

    args.addAll(List.of("--root", tmp.resolve("ark.der").toString()));
    Run ok = run(args.toArray(String[]::new));
    assertEquals(0, ok.code(), ok.err());
    assertEquals("SIMULATED", ok.json().getString("origin"));
  }

  @Test
  void unknownTypeIsAUsageError() {
    Run r = run("--type", "sgx", "--evidence", "x");
    assertEquals(2, r.code());
  }
}
