package dev.incognito.client.server;

import dev.incognito.protocol.secret.SecretBytes;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The password of the demo user {@value #USER} in the realm {@code incognito-users}: the value of
 * {@value #ENV} when set, else the one kept in {@link IncognitoHome#demoPasswordFile()}, else a new
 * random one written there (owner-only) and printed once. See {@link LocalPassword}.
 */
public final class DemoPassword {

  /** The demo user, member of the group {@code incognito-users}. */
  public static final String USER = "demo";

  /** Environment variable that sets the demo password. */
  public static final String ENV = "INCOGNITO_DEMO_PASSWORD";

  /** Longest password accepted from the environment or the file, in characters. */
  static final int MAX_LENGTH = LocalPassword.MAX_LENGTH;

  private DemoPassword() {}

  /** The demo password if one is configured; empty before the server was set up. */
  public static Optional<SecretBytes> find(IncognitoHome home) throws ServerControlException {
    return LocalPassword.DEMO.find(home);
  }

  static Optional<SecretBytes> find(IncognitoHome home, Map<String, String> env)
      throws ServerControlException {
    return LocalPassword.DEMO.find(home, env);
  }

  static SecretBytes obtain(IncognitoHome home, Map<String, String> env, Consumer<String> out)
      throws ServerControlException {
    return LocalPassword.DEMO.obtain(home, env, out);
  }
}
