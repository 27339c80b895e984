package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.client.attestation.SimulatedBundles;
import dev.incognito.client.chat.PrivatePathPeer;
import dev.incognito.client.ownerfiles.OwnerOnlyFiles;
import dev.incognito.client.token.Login;
import dev.incognito.client.transcript.Transcript;
import dev.incognito.protocol.attestation.Certificates;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code incognito chat --save-transcript} and {@code incognito receipt verify} against the
 * in-process relay, gateway and issuer, whose receipts are signed by a real Ed25519 key.
 */
class ReceiptCommandTest {

  private static PrivatePathPeer peer;

  @TempDir Path home;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void start() throws Exception {
    peer = new PrivatePathPeer();
  }

  @AfterAll
  static void stop() {
    peer.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(System.getenv(Login.PASSWORD_ENV) == null, "the environment sets the demo password");
    Files.writeString(home.resolve(Login.PASSWORD_FILE), PrivatePathPeer.PASSWORD + "\n");
    System.setProperty(Login.HOME_PROPERTY, home.toString());
  }

  @AfterEach
  void tearDown() {
    System.clearProperty(Login.HOME_PROPERTY);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = IncognitoCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private String[] chat(String... rest) {
    List<String> a = new ArrayList<>();
    a.add("chat");
    a.add("--quiet");
    a.add("--relay=" + peer.endpoints().relay());
    a.add("--gateway=" + peer.endpoints().gateway());
    a.add("--issuer=" + peer.endpoints().issuer());
    // the peer's evidence is simulated: trust its root by fingerprint, as a person would
    a.add(
        "--trust-simulated-root="
            + Certificates.sha256Fingerprint(SimulatedBundles.platform().root()));
    a.addAll(List.of(rest));
    return a.toArray(new String[0]);
  }

  @Test
  void saveTranscript_thenVerify_passesEveryCheck() throws Exception {
    Path file = home.resolve("t.json");
    assertEquals(0, run(chat("--save-transcript", file.toString(), "what", "is", "a", "receipt")));
    assertTrue(err.toString().contains("holds this conversation in clear"), err.toString());
    assertTrue(OwnerOnlyFiles.isOwnerOnly(file));
    Transcript t = Transcript.read(file);
    assertEquals("Echo: what is a receipt", t.answer());

    int code = run("receipt", "verify", file.toString());
    assertEquals(0, code, out + "\n" + err);
    for (String check :
        List.of(
            "receipt key",
            "request digest",
            "answer digest",
            "model digest",
            "policy digest",
            "nonce",
            "signature")) {
      assertTrue(out.toString().contains("PASS  " + check), out.toString());
    }
    assertFalse(out.toString().contains("FAIL"), out.toString());
    assertEquals(0, run("receipt", "verify", "--expect-key", t.receiptKeyId(), file.toString()));
    assertEquals(5, run("receipt", "verify", "--expect-key", "00".repeat(32), file.toString()));
    assertTrue(err.toString().contains("expected key"), err.toString());
  }

  @Test
  void verify_tamperedAnswer_failsNamingTheAnswerDigest() throws Exception {
    Path file = home.resolve("t.json");
    assertEquals(0, run(chat("--no-stream", "--save-transcript", file.toString(), "pay", "10")));
    String json = Files.readString(file);
    Files.writeString(file, json.replace("Echo: pay 10", "Echo: pay 90"));
    int code = run("receipt", "verify", file.toString());
    assertEquals(5, code, out + "\n" + err);
    assertTrue(out.toString().contains("FAIL  answer digest"), out.toString());
    assertTrue(
        err.toString().startsWith("error: the receipt does not verify: mismatch in answer digest"),
        err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void verify_notATranscript_failsWithOneLine() throws Exception {
    Path file = home.resolve("junk.json");
    Files.writeString(file, "{\"format\":\"something-else\"}");
    assertEquals(5, run("receipt", "verify", file.toString()));
    assertTrue(err.toString().contains("transcript format is 'something-else'"), err.toString());
  }

  @Test
  void conversation_sendsTheWholeConversationEachTurn() throws Exception {
    Path file = home.resolve("conv.json");
    InputStream saved = System.in;
    System.setIn(
        new ByteArrayInputStream(
            "first question\nsecond question\n/exit\n".getBytes(StandardCharsets.UTF_8)));
    try {
      assertEquals(
          0, run(chat("--no-stream", "--save-transcript", file.toString())), err.toString());
    } finally {
      System.setIn(saved);
    }
    // the transcript is of the last turn: its request carries every earlier message
    String request = new String(Transcript.read(file).request(), StandardCharsets.UTF_8);
    assertTrue(request.contains("first question"), request);
    assertTrue(request.contains("Echo: first question"), request);
    assertTrue(request.contains("second question"), request);
    assertEquals(0, run("receipt", "verify", file.toString()), out.toString());
  }
}
