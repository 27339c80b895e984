package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.attestation.SimulatedBundles;
import dev.incognito.client.chat.PrivatePathPeer;
import dev.incognito.client.token.Login;
import dev.incognito.protocol.attestation.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code incognito chat --history} then {@code incognito history list|show|clear}, each in its own
 * JVM with the passphrase in {@code INCOGNITO_HISTORY_PASSPHRASE}, against the in-process relay,
 * gateway and issuer; afterwards no file under the home folder holds the conversation's marker.
 */
class HistoryEndToEndTest {

  private static final String MARKER = "okapi-marker-51c0de";

  private static PrivatePathPeer peer;

  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    peer = new PrivatePathPeer();
  }

  @AfterAll
  static void stop() {
    peer.close();
  }

  private record Run(int code, String out) {}

  private Run incognito(String passphrase, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put(Login.HOME_ENV, home.toString());
    pb.environment().remove(Login.PASSWORD_ENV);
    pb.environment().put(HistoryAccess.PASSPHRASE_ENV, passphrase);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the command did not end");
    return new Run(p.exitValue(), out);
  }

  @Test
  void chatWithHistory_keepsItEncrypted_listShowAndClearWork() throws Exception {
    Files.writeString(home.resolve(Login.PASSWORD_FILE), PrivatePathPeer.PASSWORD + "\n");
    String pass = "a long history passphrase";
    Run chat =
        incognito(
            pass,
            "chat",
            "--quiet",
            "--history",
            "--history-ttl",
            "2h",
            "--relay=" + peer.endpoints().relay(),
            "--gateway=" + peer.endpoints().gateway(),
            "--issuer=" + peer.endpoints().issuer(),
            // the peer's evidence is simulated: trust its root by fingerprint
            "--trust-simulated-root="
                + Certificates.sha256Fingerprint(SimulatedBundles.platform().root()),
            "remember",
            MARKER);
    assertEquals(0, chat.code(), chat.out());
    assertTrue(chat.out().contains("keeping this conversation encrypted"), chat.out());

    for (Path f : files()) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      assertFalse(text.contains(MARKER), "the conversation is readable in " + f);
    }

    Run list = incognito(pass, "history", "list");
    assertEquals(0, list.code(), list.out());
    assertTrue(list.out().contains("2 messages"), list.out());
    String id =
        list.out()
            .lines()
            .filter(l -> l.matches("[0-9a-f]{32} .*"))
            .findFirst()
            .orElseThrow()
            .substring(0, 32);

    Run show = incognito(pass, "history", "show", id);
    assertEquals(0, show.code(), show.out());
    assertTrue(show.out().contains("user> remember " + MARKER), show.out());
    assertTrue(show.out().contains("assistant> Echo: remember " + MARKER), show.out());

    Run wrong = incognito("not the passphrase", "history", "list");
    assertEquals(4, wrong.code(), wrong.out());
    assertTrue(wrong.out().contains("passphrase does not open"), wrong.out());
    assertFalse(wrong.out().contains(MARKER), wrong.out());

    Run clear = incognito(pass, "history", "clear");
    assertEquals(0, clear.code(), clear.out());
    assertEquals(0, files().stream().filter(f -> f.toString().endsWith(".rec")).count());
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.walk(home)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
