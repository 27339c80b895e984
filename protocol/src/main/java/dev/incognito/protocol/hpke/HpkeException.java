package dev.incognito.protocol.hpke;

/**
 * An HPKE operation failed: a bad public key or encapsulation, a Diffie-Hellman result of zero, an
 * AEAD open that did not authenticate, or a context past its message limit (RFC 9180 §5.2, §7.1).
 * The message names what failed and never carries key material or plaintext.
 */
public class HpkeException extends Exception {

  private static final long serialVersionUID = 1L;

  public HpkeException(String message) {
    super(message);
  }

  public HpkeException(String message, Throwable cause) {
    super(message, cause);
  }
}
