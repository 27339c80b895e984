package dev.incognito.client.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncognitoHomeTest {

  @Test
  void resolve_propertyWinsOverEnvironment() {
    assertEquals(
        Path.of("/a").toAbsolutePath(),
        IncognitoHome.resolve("/a", Map.of(IncognitoHome.ENV, "/b")).dir());
  }

  @Test
  void resolve_environmentWhenNoProperty() {
    assertEquals(
        Path.of("/b").toAbsolutePath(),
        IncognitoHome.resolve(null, Map.of(IncognitoHome.ENV, "/b")).dir());
  }

  @Test
  void resolve_defaultsToDotIncognitoInTheUserHome() {
    assertEquals(
        Path.of(System.getProperty("user.home"), ".incognito").toAbsolutePath(),
        IncognitoHome.resolve(" ", Map.of()).dir());
  }

  @Test
  void files_liveInTheHome() {
    IncognitoHome home = new IncognitoHome(Path.of("/h"));
    assertEquals(Path.of("/h/demo-password"), home.demoPasswordFile());
    assertEquals(Path.of("/h/payara6"), home.payaraHome());
  }
}
