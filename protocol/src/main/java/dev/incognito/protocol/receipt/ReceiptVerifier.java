package dev.incognito.protocol.receipt;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checks a receipt against a saved transcript, at any later time: the key, every digest, the nonce,
 * and the Ed25519 signature. Fails closed, naming the first field that does not match.
 */
public final class ReceiptVerifier {

  private final Ed25519PublicKeyParameters publicKey; // decoded once; null: not a curve point
  private final String keyId;

  /**
   * @param rawPublicKey the 32-byte Ed25519 receipt key from the verified bundle
   */
  public ReceiptVerifier(byte[] rawPublicKey) {
    if (rawPublicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    Ed25519PublicKeyParameters decoded;
    try {
      decoded = new Ed25519PublicKeyParameters(rawPublicKey, 0);
    } catch (IllegalArgumentException notAPoint) {
      decoded = null; // verify() fails closed, naming it
    }
    this.publicKey = decoded;
    this.keyId = ReceiptKey.keyId(rawPublicKey);
  }

  /**
   * @param requestBody the inner request body the device sent
   * @param answerText the answer text the device received, UTF-8
   * @param modelSha256 the model digest from the verified bundle
   * @param policySha256 the policy digest from the verified bundle
   * @param nonce the nonce the device sent
   */
  public void verify(
      Receipt receipt,
      byte[] requestBody,
      byte[] answerText,
      byte[] modelSha256,
      byte[] policySha256,
      byte[] nonce)
      throws ReceiptVerificationException {
    String expectedKey = keyId;
    if (!expectedKey.equals(receipt.keyId())) {
      throw new ReceiptVerificationException(
          "receipt key id " + receipt.keyId() + " is not the bundle's receipt key " + expectedKey);
    }
    same("request", Receipt.sha256(requestBody), receipt.requestSha256());
    same("response", Receipt.sha256(answerText), receipt.responseSha256());
    same("model", modelSha256, receipt.modelSha256());
    same("policy", policySha256, receipt.policySha256());
    if (!MessageDigest.isEqual(nonce, receipt.nonce())) {
      throw new ReceiptVerificationException("receipt nonce is not the nonce the device sent");
    }
    if (publicKey == null) {
      throw new ReceiptVerificationException("the receipt key is not an Ed25519 public key");
    }
    byte[] msg = receipt.signedMessage();
    Ed25519Signer v = new Ed25519Signer();
    v.init(false, publicKey);
    v.update(msg, 0, msg.length);
    if (!v.verifySignature(receipt.signature())) {
      throw new ReceiptVerificationException("receipt signature does not verify");
    }
  }

  private static void same(String field, byte[] expected, byte[] actual)
      throws ReceiptVerificationException {
    if (!MessageDigest.isEqual(expected, actual)) {
      HexFormat hex = HexFormat.of();
      throw new ReceiptVerificationException(
          field
              + " digest does not match: transcript has "
              + hex.formatHex(expected)
              + ", receipt has "
              + hex.formatHex(actual));
    }
  }
}
