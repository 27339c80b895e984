package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.client.chat.ChatMessage;
import dev.incognito.client.history.EncryptedHistory;
import dev.incognito.client.token.Login;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code incognito history} and {@code chat --history} on a real folder. */
class HistoryCommandTest {

  @TempDir Path home;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void setUp() {
    assumeTrue(
        System.getenv(HistoryAccess.PASSPHRASE_ENV) == null,
        "the environment sets the history passphrase");
    assumeTrue(System.console() == null, "a terminal would be asked for the passphrase");
    System.setProperty(Login.HOME_PROPERTY, home.toString());
  }

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

  @Test
  void chatWithHistory_withoutAPassphrase_refusesBeforeSendingAnything() {
    int code = run("chat", "--history", "--relay=http://127.0.0.1:9/relay/", "hello");
    assertEquals(8, code, err.toString());
    assertTrue(err.toString().contains(HistoryAccess.PASSPHRASE_ENV), err.toString());
    assertFalse(Files.exists(home.resolve("history").resolve(EncryptedHistory.STORE_FILE)));
  }

  @Test
  void chatWithHistory_badTtl_isAConfigurationError() {
    assertEquals(8, run("chat", "--history", "--history-ttl", "1y", "hello"));
    assertTrue(err.toString().contains("--history-ttl"), err.toString());
  }

  @Test
  void clear_deletesKeptConversationsWithoutThePassphrase() throws Exception {
    Path dir = home.resolve(HistoryAccess.FOLDER);
    try (EncryptedHistory h =
        EncryptedHistory.open(
            dir, "a long passphrase".toCharArray(), Clock.systemUTC(), new SecureRandom())) {
      h.save(h.start(Duration.ofDays(1)).withMessages(List.of(ChatMessage.user("hi"))));
    }
    assertEquals(0, run("history", "clear"), err.toString());
    assertTrue(err.toString().contains("deleted 1 conversation"), err.toString());
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void list_withoutAPassphrase_failsWithAConfigurationError() {
    assertEquals(8, run("history", "list"));
  }
}
