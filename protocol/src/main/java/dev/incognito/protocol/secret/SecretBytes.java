package dev.incognito.protocol.secret;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret key material: no {@code toString} that reveals it, constant-time comparison, cleared after
 * use. Read it only through {@link #revealForUse()}, a name that is easy to grep for.
 */
public final class SecretBytes implements AutoCloseable {

  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}; the caller should clear its own copy. */
  public static SecretBytes copyOf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new SecretBytes(bytes.clone());
  }

  /** Takes ownership of {@code bytes} without copying: the caller must not keep a reference. */
  public static SecretBytes wrap(byte[] bytes) {
    return new SecretBytes(Objects.requireNonNull(bytes, "bytes"));
  }

  public int length() {
    return bytes.length;
  }

  /**
   * The secret itself, for the one call that needs it. Do not keep the array.
   *
   * @throws IllegalStateException once the secret has been cleared
   */
  public byte[] revealForUse() {
    if (destroyed) {
      throw new IllegalStateException("secret has been cleared");
    }
    return bytes;
  }

  /** Constant-time equality of the secret bytes. */
  public boolean equalsSecret(SecretBytes other) {
    return other != null && MessageDigest.isEqual(revealForUse(), other.revealForUse());
  }

  /** Zeroes the secret; later reads fail. */
  @Override
  public void close() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  public boolean isCleared() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
