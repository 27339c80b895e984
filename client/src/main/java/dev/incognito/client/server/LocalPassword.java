package dev.incognito.client.server;

import dev.incognito.protocol.secret.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The password of a user the local domain creates in one of its file realms: the value of the
 * user's environment variable when set, else the one kept in a file of the {@link IncognitoHome},
 * else a new random one written there (owner-only) and printed once.
 *
 * @param user the realm user
 * @param env the environment variable that sets the password
 * @param fileName the file in the Incognito home that keeps it
 */
public record LocalPassword(String user, String env, String fileName) {

  /** The demo user {@code demo} of the realm {@code incognito-users}. */
  public static final LocalPassword DEMO =
      new LocalPassword("demo", "INCOGNITO_DEMO_PASSWORD", "demo-password");

  /**
   * The transparency log's publisher {@code publisher} of the realm {@code incognito-publishers}.
   */
  public static final LocalPassword PUBLISHER =
      new LocalPassword("publisher", "INCOGNITO_PUBLISHER_PASSWORD", "publisher-password");

  /** Random bytes in a generated password (24 base64url characters). */
  static final int GENERATED_BYTES = 18;

  /** Longest password accepted from the environment or the file, in characters. */
  static final int MAX_LENGTH = 256;

  /**
   * The password if one is configured: the environment variable, else the home's file. Empty when
   * neither exists (the server has not been set up yet).
   *
   * @throws ServerControlException when the file cannot be read or holds no valid password
   */
  public Optional<SecretBytes> find(IncognitoHome home) throws ServerControlException {
    return find(home, System.getenv());
  }

  Optional<SecretBytes> find(IncognitoHome home, Map<String, String> env)
      throws ServerControlException {
    String fromEnv = env.get(this.env);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Optional.of(checked(fromEnv.getBytes(StandardCharsets.UTF_8), this.env));
    }
    Path file = home.dir().resolve(fileName);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      byte[] raw = Files.readAllBytes(file);
      int end = raw.length;
      while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
        end--;
      }
      byte[] value = Arrays.copyOf(raw, end);
      Arrays.fill(raw, (byte) 0);
      return Optional.of(checked(value, file.toString()));
    } catch (IOException e) {
      throw new ServerControlException("cannot read the password of " + user + " in " + file, e);
    }
  }

  /**
   * The password, generating and saving one (and printing it once to {@code out}) when none is
   * configured.
   */
  SecretBytes obtain(IncognitoHome home, Map<String, String> env, Consumer<String> out)
      throws ServerControlException {
    Optional<SecretBytes> existing = find(home, env);
    if (existing.isPresent()) {
      return existing.get();
    }
    byte[] random = new byte[GENERATED_BYTES];
    new SecureRandom().nextBytes(random);
    byte[] password = Base64.getUrlEncoder().withoutPadding().encode(random);
    Arrays.fill(random, (byte) 0);
    Path file = home.dir().resolve(fileName);
    try {
      Files.createDirectories(file.getParent(), ownerOnly(true));
      Files.write(Files.createFile(file, ownerOnly(false)), password);
    } catch (FileAlreadyExistsException e) {
      Arrays.fill(password, (byte) 0);
      return find(home, env).orElseThrow();
    } catch (IOException e) {
      throw new ServerControlException("cannot write the password of " + user + " to " + file, e);
    }
    out.accept(
        "user \""
            + user
            + "\" password: "
            + new String(password, StandardCharsets.US_ASCII)
            + "  (saved to "
            + file
            + "; set "
            + this.env
            + " to choose one)");
    return SecretBytes.wrap(password);
  }

  private SecretBytes checked(byte[] value, String where) throws ServerControlException {
    if (value.length == 0 || value.length > MAX_LENGTH) {
      Arrays.fill(value, (byte) 0);
      throw new ServerControlException(
          "the password of "
              + user
              + " in "
              + where
              + " must be 1 to "
              + MAX_LENGTH
              + " characters");
    }
    for (byte b : value) {
      if (b < 0x21 || b > 0x7e) {
        Arrays.fill(value, (byte) 0);
        throw new ServerControlException(
            "the password of " + user + " in " + where + " must be printable ASCII without spaces");
      }
    }
    return SecretBytes.wrap(value);
  }

  private static FileAttribute<?>[] ownerOnly(boolean directory) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> perms =
        PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------");
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)};
  }
}
