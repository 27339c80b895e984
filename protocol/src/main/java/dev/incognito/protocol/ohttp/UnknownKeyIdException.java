package dev.incognito.protocol.ohttp;

/**
 * The encapsulated request names a key configuration the gateway does not hold: an unknown or
 * retired key id, or a KEM or (KDF, AEAD) pair that key does not offer. The client used an outdated
 * or incorrect key configuration; a gateway answers with the problem type {@link #PROBLEM_TYPE} of
 * RFC 9458 §5.3 so the client fetches the current keys.
 */
public class UnknownKeyIdException extends OhttpException {

  private static final long serialVersionUID = 1L;

  /** The RFC 9458 §5.3 problem type URI. */
  public static final String PROBLEM_TYPE =
      "https://iana.org/assignments/http-problem-types#ohttp-key";

  private final int keyId;

  public UnknownKeyIdException(int keyId, String message) {
    super(message);
    this.keyId = keyId;
  }

  /** The key id the request named, 0..255. */
  public int keyId() {
    return keyId;
  }
}
