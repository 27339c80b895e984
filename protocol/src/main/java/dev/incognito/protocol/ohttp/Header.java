package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.HpkeSuite;
import java.nio.charset.StandardCharsets;

/**
 * The request header of RFC 9458 §4.1: key id (8), KEM id (16), KDF id (16), AEAD id (16), and the
 * HPKE info built from it (§4.3).
 */
record Header(int keyId, int kemId, int kdfId, int aeadId) {

  /** Header length, bytes. */
  static final int LENGTH = 7;

  /** The info label of a non-chunked request (RFC 9458 §4.3). */
  static final String REQUEST_LABEL = "message/bhttp request";

  /** The exporter label of a non-chunked response (RFC 9458 §4.4). */
  static final String RESPONSE_LABEL = "message/bhttp response";

  /** The info label of a chunked request (draft-ietf-ohai-chunked-ohttp). */
  static final String CHUNKED_REQUEST_LABEL = "message/bhttp chunked request";

  /** The exporter label of a chunked response (draft-ietf-ohai-chunked-ohttp). */
  static final String CHUNKED_RESPONSE_LABEL = "message/bhttp chunked response";

  static Header parse(byte[] b) {
    return new Header(
        b[0] & 0xFF,
        ((b[1] & 0xFF) << 8) | (b[2] & 0xFF),
        ((b[3] & 0xFF) << 8) | (b[4] & 0xFF),
        ((b[5] & 0xFF) << 8) | (b[6] & 0xFF));
  }

  HpkeSuite suite() {
    return HpkeSuite.of(kemId, kdfId, aeadId);
  }

  byte[] encode() {
    return new byte[] {
      (byte) keyId,
      (byte) (kemId >>> 8),
      (byte) kemId,
      (byte) (kdfId >>> 8),
      (byte) kdfId,
      (byte) (aeadId >>> 8),
      (byte) aeadId
    };
  }

  /** info = concat(encode_str(label), encode(1, 0), hdr). */
  byte[] info(String label) {
    byte[] l = label.getBytes(StandardCharsets.US_ASCII);
    byte[] info = new byte[l.length + 1 + LENGTH];
    System.arraycopy(l, 0, info, 0, l.length);
    System.arraycopy(encode(), 0, info, l.length + 1, LENGTH);
    return info;
  }
}
