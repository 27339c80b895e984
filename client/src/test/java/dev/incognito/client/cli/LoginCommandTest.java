package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.client.attestation.SimulatedBundles;
import dev.incognito.client.chat.PrivatePathPeer;
import dev.incognito.client.ownerfiles.OwnerOnlyFiles;
import dev.incognito.client.token.Login;
import dev.incognito.client.tokenstore.TokenStore;
import dev.incognito.protocol.attestation.Certificates;
import dev.incognito.protocol.token.Token;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code incognito login} against the in-process issuer (a JDK HTTP server issuing with a real
 * blind-RSA {@code IssuerKeyPair}) and gateway, then {@code incognito chat} spending what it
 * stored.
 */
class LoginCommandTest {

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

  private int run(String command, String... rest) {
    out = new StringWriter();
    err = new StringWriter();
    List<String> a = new ArrayList<>();
    a.add(command);
    a.add("--relay=" + peer.endpoints().relay());
    a.add("--gateway=" + peer.endpoints().gateway());
    a.add("--issuer=" + peer.endpoints().issuer());
    // the peer's evidence is simulated: trust its root by fingerprint, as a person would
    a.add(
        "--trust-simulated-root="
            + Certificates.sha256Fingerprint(SimulatedBundles.platform().root()));
    a.addAll(List.of(rest));
    CommandLine cl = IncognitoCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(a.toArray(new String[0]));
  }

  private List<Path> stored() throws Exception {
    Path dir = home.resolve(TokenStore.FOLDER);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void login_storesTheBatchOwnerOnly_andNeverPrintsAToken() throws Exception {
    assertEquals(0, run("login", "--count", "3"), err.toString());
    List<Path> files = stored();
    assertEquals(3, files.size());
    for (Path f : files) {
      assertTrue(OwnerOnlyFiles.isOwnerOnly(f), f.toString());
      byte[] raw = Files.readAllBytes(f);
      Token.decode(raw);
      String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      assertFalse(out.toString().contains(b64.substring(0, 40)), "a token was printed");
      assertFalse(err.toString().contains(b64.substring(0, 40)), "a token was printed");
    }
    assertTrue(OwnerOnlyFiles.isOwnerOnly(home.resolve(TokenStore.FOLDER)));
    assertTrue(err.toString().contains("stored 3 tokens"), err.toString());
  }

  @Test
  void login_moreThanOneIssuerBatch_obtainsThemAll() throws Exception {
    assertEquals(0, run("login", "--quiet", "--count", "18"), err.toString());
    assertEquals(18, stored().size());
  }

  @Test
  void chat_spendsStoredTokensFirst_withoutLoggingInAgain() throws Exception {
    assertEquals(0, run("login", "--count", "2"), err.toString());
    // without a password, the chat can only pay with the stored tokens
    Files.delete(home.resolve(Login.PASSWORD_FILE));
    assertEquals(0, run("chat", "hello"), err.toString());
    assertEquals("Echo: hello" + System.lineSeparator(), out.toString());
    assertTrue(err.toString().contains("spending a token stored by"), err.toString());
    assertFalse(err.toString().contains("logged in to the issuer"), err.toString());
    assertEquals(1, stored().size(), "the spent token's file is deleted");
    assertEquals(0, run("chat", "--quiet", "again"), err.toString());
    assertEquals(0, stored().size());
    // none left and no password: a configuration error naming both ways out
    assertEquals(8, run("chat", "--quiet", "third"));
    assertTrue(err.toString().contains("no password for the issuer login"), err.toString());
  }

  @Test
  void login_wrongPassword_storesNothing() throws Exception {
    Files.writeString(home.resolve(Login.PASSWORD_FILE), "wrong\n");
    assertEquals(4, run("login", "--count", "2"));
    assertTrue(err.toString().contains("refused the login"), err.toString());
    assertEquals(List.of(), stored());
  }
}
