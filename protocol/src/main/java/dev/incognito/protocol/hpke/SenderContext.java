package dev.incognito.protocol.hpke;

/** The sender's context (RFC 9180 §5.2): seals messages in order and exports secrets. */
public final class SenderContext extends HpkeContext {

  private final byte[] enc;

  SenderContext(
      HpkeSuite suite, Kdf kdf, byte[] key, byte[] baseNonce, byte[] exporterSecret, byte[] enc) {
    super(suite, kdf, key, baseNonce, exporterSecret);
    this.enc = enc;
  }

  /** enc: the encapsulated key to send to the recipient (a copy). */
  public byte[] enc() {
    return enc.clone();
  }

  /**
   * ContextS.Seal(aad, pt) (§5.2): seals with the current sequence number, then increments it.
   *
   * @throws HpkeException once the message limit is reached
   * @throws IllegalStateException for an export-only suite
   */
  public byte[] seal(byte[] aad, byte[] plaintext) throws HpkeException {
    return seal(aad, plaintext, 0, plaintext.length);
  }

  /** {@link #seal(byte[], byte[])} of {@code plaintext[offset, offset + length)}. */
  public byte[] seal(byte[] aad, byte[] plaintext, int offset, int length) throws HpkeException {
    Aead aead = aead();
    checkSeq();
    byte[] ct = aead.seal(computeNonce(), aad, plaintext, offset, length);
    incrementSeq();
    return ct;
  }
}
