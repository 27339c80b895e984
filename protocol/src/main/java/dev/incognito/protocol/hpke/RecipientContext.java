package dev.incognito.protocol.hpke;

/** The recipient's context (RFC 9180 §5.2): opens messages in order and exports secrets. */
public final class RecipientContext extends HpkeContext {

  RecipientContext(HpkeSuite suite, Kdf kdf, byte[] key, byte[] baseNonce, byte[] exporterSecret) {
    super(suite, kdf, key, baseNonce, exporterSecret);
  }

  /**
   * ContextR.Open(aad, ct) (§5.2): opens with the current sequence number and increments it only on
   * success.
   *
   * @throws HpkeException "AEAD open failed" when the ciphertext does not authenticate
   * @throws IllegalStateException for an export-only suite
   */
  public byte[] open(byte[] aad, byte[] ciphertext) throws HpkeException {
    return open(aad, ciphertext, 0, ciphertext.length);
  }

  /** {@link #open(byte[], byte[])} of {@code ciphertext[offset, offset + length)}. */
  public byte[] open(byte[] aad, byte[] ciphertext, int offset, int length) throws HpkeException {
    Aead aead = aead();
    checkSeq();
    byte[] pt = aead.open(computeNonce(), aad, ciphertext, offset, length);
    incrementSeq();
    return pt;
  }
}
