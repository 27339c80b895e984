package dev.incognito.protocol.hpke;

import java.nio.charset.StandardCharsets;

/**
 * The encryption context of RFC 9180 §5.1: AEAD key, base nonce, sequence number and exporter
 * secret. Not thread-safe: one context belongs to one message exchange.
 */
public abstract sealed class HpkeContext permits SenderContext, RecipientContext {

  final HpkeSuite suite;
  private final byte[] suiteId;
  private final Kdf kdf;
  private final Aead aead; // null when export-only
  private final byte[] baseNonce;
  private final byte[] exporterSecret;
  private long seq;

  HpkeContext(HpkeSuite suite, Kdf kdf, byte[] key, byte[] baseNonce, byte[] exporterSecret) {
    this.suite = suite;
    this.suiteId = suite.suiteId();
    this.kdf = kdf;
    this.aead = suite.isExportOnly() ? null : Aead.of(suite.aeadId(), key);
    this.baseNonce = baseNonce;
    this.exporterSecret = exporterSecret;
  }

  public HpkeSuite suite() {
    return suite;
  }

  /**
   * Export(exporter_context, L) (RFC 9180 §5.3): a secret of {@code length} bytes bound to this
   * context and to {@code exporterContext}.
   *
   * @param length bytes, at most 255 * Nh
   */
  public byte[] export(byte[] exporterContext, int length) {
    if (length < 0 || length > Kdf.MAX_EXPAND_LENGTH) {
      throw new IllegalArgumentException("export length must be in 0.." + Kdf.MAX_EXPAND_LENGTH);
    }
    return kdf.labeledExpand(suiteId, exporterSecret, "sec", exporterContext, length);
  }

  /** {@link #export(byte[], int)} with an ASCII label as the exporter context. */
  public byte[] export(String exporterContext, int length) {
    return export(exporterContext.getBytes(StandardCharsets.US_ASCII), length);
  }

  /** The sequence number the next seal or open will use (RFC 9180 §5.2). */
  public long sequenceNumber() {
    return seq;
  }

  Aead aead() {
    if (aead == null) {
      throw new IllegalStateException("export-only HPKE context cannot seal or open");
    }
    return aead;
  }

  /** ComputeNonce(seq) = base_nonce XOR I2OSP(seq, Nn) (§5.2). */
  byte[] computeNonce() {
    byte[] nonce = baseNonce.clone();
    int n = nonce.length;
    for (int i = 0; i < 8; i++) {
      nonce[n - 1 - i] ^= (byte) (seq >>> (8 * i));
    }
    return nonce;
  }

  /**
   * IncrementSeq() (§5.2). The counter is a signed 64-bit value, so the limit is 2^63 - 1 messages,
   * below the 2^96 - 1 the RFC allows for a 12-byte nonce.
   */
  void incrementSeq() throws HpkeException {
    if (seq == Long.MAX_VALUE) {
      throw new HpkeException("HPKE message limit reached");
    }
    seq++;
  }

  void checkSeq() throws HpkeException {
    if (seq == Long.MAX_VALUE) {
      throw new HpkeException("HPKE message limit reached");
    }
  }
}
