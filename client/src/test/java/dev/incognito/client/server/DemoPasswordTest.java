package dev.incognito.client.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoPasswordTest {

  @TempDir Path dir;

  @Test
  void obtain_generatesOwnerOnlyFileAndPrintsItOnce() throws Exception {
    IncognitoHome home = new IncognitoHome(dir.resolve("home"));
    List<String> printed = new ArrayList<>();

    byte[] first;
    try (SecretBytes pw = DemoPassword.obtain(home, Map.of(), printed::add)) {
      first = pw.revealForUse().clone();
    }
    try (SecretBytes again = DemoPassword.obtain(home, Map.of(), printed::add)) {
      assertArrayEquals(first, again.revealForUse());
    }

    assertEquals(1, printed.size(), "printed only when generated");
    assertTrue(printed.get(0).contains(new String(first, StandardCharsets.US_ASCII)));
    assertTrue(
        printed.get(0).endsWith("set INCOGNITO_DEMO_PASSWORD to choose one)"), printed.get(0));
    assertEquals(24, first.length);
    assertArrayEquals(first, Files.readAllBytes(home.demoPasswordFile()));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.demoPasswordFile())));
  }

  @Test
  void find_prefersTheEnvironmentOverTheFile() throws Exception {
    IncognitoHome home = new IncognitoHome(dir);
    Files.writeString(home.demoPasswordFile(), "from-file\n");

    try (SecretBytes pw =
        DemoPassword.find(home, Map.of(DemoPassword.ENV, "from-env")).orElseThrow()) {
      assertEquals("from-env", new String(pw.revealForUse(), StandardCharsets.US_ASCII));
    }
    try (SecretBytes pw = DemoPassword.find(home, Map.of()).orElseThrow()) {
      assertEquals("from-file", new String(pw.revealForUse(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void find_isEmptyBeforeSetUp() throws Exception {
    assertTrue(DemoPassword.find(new IncognitoHome(dir), Map.of()).isEmpty());
  }

  @Test
  void find_rejectsPasswordsWithSpacesOrControlCharacters() {
    IncognitoHome home = new IncognitoHome(dir);
    assertThrows(
        ServerControlException.class,
        () -> DemoPassword.find(home, Map.of(DemoPassword.ENV, "two words")));
    assertThrows(
        ServerControlException.class,
        () -> DemoPassword.find(home, Map.of(DemoPassword.ENV, "tab\there")));
  }

  @Test
  void find_rejectsOverlongPassword() {
    String longPassword = "x".repeat(DemoPassword.MAX_LENGTH + 1);
    assertThrows(
        ServerControlException.class,
        () -> DemoPassword.find(new IncognitoHome(dir), Map.of(DemoPassword.ENV, longPassword)));
  }
}
