package dev.incognito.client.server;

import java.nio.file.Path;
import java.util.Map;

/**
 * The folder where Incognito keeps its local state: the unpacked Payara Server ({@code payara6/}),
 * the demo password ({@code demo-password}). {@code ~/.incognito} unless the system property {@code
 * incognito.home} or the environment variable {@code INCOGNITO_HOME} names another.
 */
public record IncognitoHome(Path dir) {

  /** System property that overrides the environment variable. */
  public static final String PROPERTY = "incognito.home";

  /** Environment variable naming the home folder. */
  public static final String ENV = "INCOGNITO_HOME";

  public IncognitoHome {
    dir = dir.toAbsolutePath().normalize();
  }

  /** The home named by {@value #PROPERTY}, else {@value #ENV}, else {@code ~/.incognito}. */
  public static IncognitoHome resolve() {
    return resolve(System.getProperty(PROPERTY), System.getenv());
  }

  static IncognitoHome resolve(String property, Map<String, String> env) {
    if (property != null && !property.isBlank()) {
      return new IncognitoHome(Path.of(property));
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new IncognitoHome(Path.of(fromEnv));
    }
    return new IncognitoHome(Path.of(System.getProperty("user.home"), ".incognito"));
  }

  /** Where the demo user's password is kept, readable by the owner only. */
  public Path demoPasswordFile() {
    return dir.resolve("demo-password");
  }

  /** The Payara Server installation the demo runs ({@code payara6/} inside the home). */
  public Path payaraHome() {
    return dir.resolve("payara6");
  }
}
