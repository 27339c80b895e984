package dev.incognito.protocol.hpke;

import dev.incognito.protocol.secret.SecretBytes;
import java.util.Objects;

/**
 * A KEM key pair (RFC 9180 §4): the serialized private key skX (SerializePrivateKey, Nsk bytes) as
 * a secret, and the serialized public key pkX (SerializePublicKey, Npk bytes). Build one with
 * {@link Hpke#generateKeyPair}, {@link Hpke#deriveKeyPair} or {@link Hpke#keyPair(HpkeSuite,
 * SecretBytes)}, so the two halves always match.
 */
public final class HpkeKeyPair implements AutoCloseable {

  private final SecretBytes privateKey;
  private final byte[] publicKey;

  HpkeKeyPair(SecretBytes privateKey, byte[] publicKey) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.publicKey = publicKey.clone();
  }

  /** skX, serialized; shared, not copied: closing this key pair clears it. */
  public SecretBytes privateKey() {
    return privateKey;
  }

  /** pkX, serialized (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  byte[] publicKeyNoCopy() {
    return publicKey;
  }

  /** Clears the private key. */
  @Override
  public void close() {
    privateKey.close();
  }

  @Override
  public String toString() {
    return "HpkeKeyPair[private key redacted]";
  }
}
