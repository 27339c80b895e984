package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.server.IncognitoHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {

  @TempDir Path home;
  private String saved;

  @BeforeEach
  void useTemporaryHome() {
    saved = System.getProperty(IncognitoHome.PROPERTY);
    System.setProperty(IncognitoHome.PROPERTY, home.toString());
  }

  @AfterEach
  void restoreHome() {
    if (saved == null) {
      System.clearProperty(IncognitoHome.PROPERTY);
    } else {
      System.setProperty(IncognitoHome.PROPERTY, saved);
    }
  }

  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new ServerCommand());
    cl.setOut(new PrintWriter(out));
    assertEquals(expectedExit, cl.execute(args), out.toString());
    return out.toString();
  }

  @Test
  void status_withNothingInstalled_saysStoppedWithDefaultPortsAndExits3() {
    String out = run(ServerCommand.NOT_RUNNING, "status");
    assertTrue(out.contains("domain incognito: stopped"), out);
    assertTrue(out.contains("http 8080, https 8181, admin 4848"), out);
  }

  @Test
  void stop_withNothingInstalled_saysNotRunning() {
    assertTrue(run(0, "stop").contains("not running"));
  }

  @Test
  void noSubcommand_printsUsageNamingAllThree() {
    String out = run(0);
    assertTrue(out.contains("start") && out.contains("stop") && out.contains("status"), out);
  }
}
