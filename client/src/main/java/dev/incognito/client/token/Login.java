package dev.incognito.client.token;

import dev.incognito.client.chat.ChatException;
import dev.incognito.protocol.secret.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The enterprise login the issuer asks for (HTTP BASIC, RFC 7617). The password is held as {@link
 * SecretBytes} and never printed.
 */
public final class Login implements AutoCloseable {

  /** Environment variable holding the demo user's password. */
  public static final String PASSWORD_ENV = "INCOGNITO_DEMO_PASSWORD";

  /** Environment variable naming the client's home folder (default {@code ~/.incognito}). */
  public static final String HOME_ENV = "INCOGNITO_HOME";

  /** File in the home folder holding the demo user's password. */
  public static final String PASSWORD_FILE = "demo-password";

  /** Longest password file read, bytes. */
  public static final int MAX_PASSWORD_BYTES = 1024;

  private final String user;
  private final SecretBytes password;

  public Login(String user, SecretBytes password) {
    Objects.requireNonNull(user, "user");
    if (user.isEmpty() || user.indexOf(':') >= 0 || user.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException("a user name is non-empty, without ':' or controls");
    }
    this.user = user;
    this.password = Objects.requireNonNull(password, "password");
  }

  /**
   * The password for {@code user} from {@value #PASSWORD_ENV}, else from {@code
   * ${INCOGNITO_HOME:-~/.incognito}/demo-password}.
   */
  public static Login fromEnvironment(String user, Map<String, String> env) throws ChatException {
    String fromEnv = env.get(PASSWORD_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return new Login(user, SecretBytes.wrap(fromEnv.getBytes(StandardCharsets.UTF_8)));
    }
    Path file = home(env).resolve(PASSWORD_FILE);
    try {
      if (Files.size(file) > MAX_PASSWORD_BYTES) {
        throw new ChatException(
            ChatException.Kind.CONFIGURATION,
            file + " is larger than " + MAX_PASSWORD_BYTES + " bytes; it should hold a password");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new ChatException(ChatException.Kind.CONFIGURATION, file + " is empty");
      }
      return new Login(user, SecretBytes.wrap(text.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new ChatException(
          ChatException.Kind.CONFIGURATION,
          "no password for the issuer login: set "
              + PASSWORD_ENV
              + " or create "
              + file
              + " (`incognito server start` writes it for the demo user)",
          e);
    }
  }

  /** System property naming the client's home folder; wins over {@value #HOME_ENV}. */
  public static final String HOME_PROPERTY = "incognito.home";

  /** The {@value #HOME_PROPERTY} property, else {@code ${INCOGNITO_HOME:-~/.incognito}}. */
  public static Path home(Map<String, String> env) {
    String p = System.getProperty(HOME_PROPERTY);
    if (p != null && !p.isBlank()) {
      return Path.of(p);
    }
    String h = env.get(HOME_ENV);
    return h != null && !h.isEmpty()
        ? Path.of(h)
        : Path.of(System.getProperty("user.home"), ".incognito");
  }

  public String user() {
    return user;
  }

  /** The {@code Authorization} value, RFC 7617 §2. */
  String basicAuthorization() {
    byte[] pw = password.revealForUse();
    byte[] u = (user + ":").getBytes(StandardCharsets.UTF_8);
    byte[] both = new byte[u.length + pw.length];
    System.arraycopy(u, 0, both, 0, u.length);
    System.arraycopy(pw, 0, both, u.length, pw.length);
    String value = "Basic " + Base64.getEncoder().encodeToString(both);
    java.util.Arrays.fill(both, (byte) 0);
    return value;
  }

  @Override
  public void close() {
    password.close();
  }

  @Override
  public String toString() {
    return "Login[" + user + ", password redacted]";
  }
}
