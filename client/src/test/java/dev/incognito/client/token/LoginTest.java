package dev.incognito.client.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.chat.ChatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginTest {

  @TempDir Path home;

  @AfterEach
  void clear() {
    System.clearProperty(Login.HOME_PROPERTY);
  }

  private static String decodedBasic(Login l) {
    String v = l.basicAuthorization();
    assertTrue(v.startsWith("Basic "));
    return new String(Base64.getDecoder().decode(v.substring(6)), StandardCharsets.UTF_8);
  }

  @Test
  void fromEnvironment_prefersTheVariable() throws Exception {
    Files.writeString(home.resolve(Login.PASSWORD_FILE), "from-file");
    Login l =
        Login.fromEnvironment(
            "demo", Map.of(Login.PASSWORD_ENV, "from-env", Login.HOME_ENV, home.toString()));
    assertEquals("demo:from-env", decodedBasic(l));
  }

  @Test
  void fromEnvironment_readsThePasswordFileInIncognitoHome_stripped() throws Exception {
    Files.writeString(home.resolve(Login.PASSWORD_FILE), "s3cret pass\n");
    Login l = Login.fromEnvironment("demo", Map.of(Login.HOME_ENV, home.toString()));
    assertEquals("demo:s3cret pass", decodedBasic(l));
  }

  @Test
  void fromEnvironment_propertyWinsOverTheVariableForTheHome(@TempDir Path other) throws Exception {
    Files.writeString(other.resolve(Login.PASSWORD_FILE), "other");
    System.setProperty(Login.HOME_PROPERTY, other.toString());
    Login l = Login.fromEnvironment("demo", Map.of(Login.HOME_ENV, home.toString()));
    assertEquals("demo:other", decodedBasic(l));
  }

  @Test
  void fromEnvironment_withoutAPassword_isAConfigurationErrorNamingTheFile() {
    ChatException e =
        assertThrows(
            ChatException.class,
            () -> Login.fromEnvironment("demo", Map.of(Login.HOME_ENV, home.toString())));
    assertEquals(ChatException.Kind.CONFIGURATION, e.kind());
    assertTrue(e.getMessage().contains(home.resolve(Login.PASSWORD_FILE).toString()));
  }

  @Test
  void login_rejectsAUserNameWithAColon_andNeverPrintsThePassword() throws Exception {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Login("a:b", dev.incognito.protocol.secret.SecretBytes.wrap(new byte[] {1})));
    Files.writeString(home.resolve(Login.PASSWORD_FILE), "hunter2");
    Login l = Login.fromEnvironment("demo", Map.of(Login.HOME_ENV, home.toString()));
    assertFalse(l.toString().contains("hunter2"));
  }
}
