package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.client.attestation.SimulatedBundles;
import dev.incognito.client.chat.PrivatePathPeer;
import dev.incognito.client.token.Login;
import dev.incognito.protocol.token.Token;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code incognito} command line against the in-process relay, gateway and issuer. */
class IncognitoCommandTest {

  private static PrivatePathPeer peer;

  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

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
    peer.relayStatus = 0;
    simulatedRoot = home.resolve("simulated-root.der");
    Files.write(simulatedRoot, SimulatedBundles.platform().root().getEncoded());
  }

  /** The peer's simulated root, as a person would save it. */
  private Path simulatedRoot;

  @AfterEach
  void tearDown() {
    System.clearProperty(Login.HOME_PROPERTY);
  }

  private int run(String... args) {
    CommandLine cl = IncognitoCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private String[] withPeer(String command, String... rest) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.add("--relay=" + peer.endpoints().relay());
    a.add("--gateway=" + peer.endpoints().gateway());
    a.add("--issuer=" + peer.endpoints().issuer());
    if (command.equals("chat")) {
      a.add("--trust-simulated-root=" + simulatedRoot);
    }
    a.addAll(List.of(rest));
    return a.toArray(new String[0]);
  }

  @Test
  void chat_printsTheAnswerOnStdoutAndTheStepsOnStderr() {
    int code = run(withPeer("chat", "hello", "there"));
    assertEquals(0, code, err.toString());
    assertEquals("Echo: hello there" + System.lineSeparator(), out.toString());
    assertTrue(err.toString().contains("receipt verified"), err.toString());
    assertTrue(err.toString().contains("path: device → relay"), err.toString());
    assertTrue(err.toString().contains("note: "), "demo model notice: " + err);
  }

  @Test
  void chat_relayCannotReachGateway_exitsUnreachableWithOneLineAndNoStackTrace() {
    peer.relayStatus = 502;
    int code = run(withPeer("chat", "--quiet", "hello"));
    assertEquals(3, code);
    assertTrue(
        err.toString().startsWith("error: the relay could not reach the gateway (502)"),
        err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
    assertFalse(err.toString().contains("Exception"), err.toString());
  }

  @Test
  void chat_withoutAPassword_exitsWithAConfigurationError() throws Exception {
    Files.delete(home.resolve(Login.PASSWORD_FILE));
    int code = run(withPeer("chat", "hello"));
    assertEquals(8, code);
    assertTrue(err.toString().contains("no password for the issuer login"), err.toString());
  }

  @Test
  void chat_withoutAQuestion_conversesAndForgets() {
    InputStream saved = System.in;
    System.setIn(
        new ByteArrayInputStream("first\nsecond\n/exit\n".getBytes(StandardCharsets.UTF_8)));
    try {
      int code = run(withPeer("chat", "--quiet", "--no-stream"));
      assertEquals(0, code, err.toString());
    } finally {
      System.setIn(saved);
    }
    String nl = System.lineSeparator();
    assertEquals("Echo: first" + nl + "Echo: second" + nl, out.toString());
    assertTrue(err.toString().contains("Conversation forgotten"), err.toString());
  }

  @Test
  void chat_simulatedEvidenceWithoutTrustedRoot_refusesWithVerificationExit() {
    List<String> a = new ArrayList<>(List.of(withPeer("chat", "hello")));
    a.removeIf(s -> s.startsWith("--trust-simulated-root"));
    int code = run(a.toArray(new String[0]));
    assertEquals(5, code, err.toString());
    assertTrue(err.toString().contains("SIMULATED root"), err.toString());
    assertTrue(err.toString().contains("nothing is sent"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void verify_withTheSimulatedRoot_printsEveryCheckAsSimulatedAndExitsZero() {
    int code =
        run(
            "verify",
            "--gateway=" + peer.endpoints().gateway(),
            "--trust-simulated-root=" + simulatedRoot);
    assertEquals(0, code, out.toString() + err);
    assertTrue(out.toString().contains("[ok]   SIMULATED REPORT_DATA binding"), out.toString());
    assertTrue(out.toString().contains("[ok]   SIMULATED signature chain"), out.toString());
    assertFalse(out.toString().contains("[FAIL]"), out.toString());
  }

  @Test
  void verify_withoutTheRoot_printsTheFailedCheckAndExitsFive() {
    int code = run("verify", "--gateway=" + peer.endpoints().gateway());
    assertEquals(5, code, out.toString() + err);
    assertTrue(out.toString().contains("[FAIL] trusted root"), out.toString());
    assertTrue(out.toString().contains("SIMULATED root"), out.toString());
  }

  @Test
  void models_listsTheDemoModel() {
    int code = run(withPeer("models", "--quiet"));
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().startsWith(PrivatePathPeer.MODEL + "\t(demo)"), out.toString());
  }

  @Test
  void tokens_printsDecodableTokensOnePerLine() throws Exception {
    int code = run(withPeer("tokens", "--quiet", "--count", "2"));
    assertEquals(0, code, err.toString());
    String[] lines = out.toString().strip().split("\\R");
    assertEquals(2, lines.length);
    for (String line : lines) {
      assertEquals(0x0002, Token.decode(Base64.getUrlDecoder().decode(line)).tokenType());
    }
  }

  @Test
  void help_listsTheSubcommands() {
    assertEquals(0, run("--help"));
    for (String c : List.of("chat", "demo", "models", "tokens", "verify")) {
      assertTrue(out.toString().contains("  " + c), out.toString());
    }
  }
}
