package dev.incognito.protocol.receipt;

import dev.incognito.protocol.secret.SecretBytes;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** The coordinator's receipt-signing key (Ed25519). Its public half goes into the bundle. */
public final class ReceiptKey implements AutoCloseable {

  private final SecretBytes seed;
  private final Ed25519PrivateKeyParameters privateKey; // expanded once: signing reuses it
  private final byte[] publicKey;
  private final String keyId;

  private ReceiptKey(SecretBytes seed) {
    this.seed = seed;
    this.privateKey = new Ed25519PrivateKeyParameters(seed.revealForUse(), 0);
    this.publicKey = privateKey.generatePublicKey().getEncoded();
    this.keyId = keyId(publicKey);
  }

  public static ReceiptKey generate(SecureRandom random) {
    byte[] s = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
    random.nextBytes(s);
    return new ReceiptKey(SecretBytes.wrap(s));
  }

  /** From the 32-byte seed, for keys kept in a keystore. */
  public static ReceiptKey fromSeed(SecretBytes seed) {
    if (seed.length() != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
    }
    return new ReceiptKey(SecretBytes.copyOf(seed.revealForUse()));
  }

  /** The 32-byte seed, for storage. */
  public SecretBytes seed() {
    return SecretBytes.copyOf(seed.revealForUse());
  }

  /** The raw 32-byte public key (RFC 8032). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Hex SHA-256 of the raw public key. */
  public String keyId() {
    return keyId;
  }

  static String keyId(byte[] rawPublicKey) {
    return HexFormat.of().formatHex(Receipt.sha256(rawPublicKey));
  }

  /**
   * Signs a receipt over the inner request body and the answer text.
   *
   * @param requestBody the inner request body as received
   * @param answerText the answer text, UTF-8
   */
  public Receipt sign(
      byte[] requestBody,
      byte[] answerText,
      byte[] modelSha256,
      byte[] policySha256,
      long time,
      byte[] nonce) {
    byte[] req = Receipt.sha256(requestBody);
    byte[] resp = Receipt.sha256(answerText);
    byte[] msg = Receipt.signedMessage(req, resp, modelSha256, policySha256, time, nonce);
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(msg, 0, msg.length);
    return new Receipt(
        req, resp, modelSha256, policySha256, time, nonce, keyId, signer.generateSignature());
  }

  /** Verifies with this key's public half. */
  public ReceiptVerifier verifier() {
    return new ReceiptVerifier(publicKey);
  }

  @Override
  public void close() {
    seed.close();
  }

  @Override
  public String toString() {
    return "ReceiptKey[" + keyId() + ", private key redacted]";
  }
}
