package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.Aead;
import dev.incognito.protocol.hpke.HpkeContext;
import dev.incognito.protocol.hpke.HpkeSuite;
import dev.incognito.protocol.hpke.Kdf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The response AEAD key and nonce of RFC 9458 §4.4 (and of chunked responses, with their own
 * label):
 *
 * <pre>
 * secret = context.Export(label, max(Nn, Nk))
 * salt = concat(enc, response_nonce)
 * prk = Extract(salt, secret)
 * aead_key = Expand(prk, "key", Nk)
 * aead_nonce = Expand(prk, "nonce", Nn)
 * </pre>
 */
final class ResponseKeys {

  private static final byte[] KEY = "key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NONCE = "nonce".getBytes(StandardCharsets.US_ASCII);

  final Aead aead;
  final byte[] nonce;

  private ResponseKeys(Aead aead, byte[] nonce) {
    this.aead = aead;
    this.nonce = nonce;
  }

  /** max(Nn, Nk): the length of response_nonce and of the exported secret, bytes. */
  static int entropyLength(HpkeSuite suite) {
    return Math.max(suite.nN(), suite.nK());
  }

  static ResponseKeys derive(HpkeContext context, String label, byte[] enc, byte[] responseNonce) {
    HpkeSuite suite = context.suite();
    byte[] secret = context.export(label, entropyLength(suite));
    byte[] salt = new byte[enc.length + responseNonce.length];
    System.arraycopy(enc, 0, salt, 0, enc.length);
    System.arraycopy(responseNonce, 0, salt, enc.length, responseNonce.length);
    Kdf kdf = Kdf.hkdfSha256();
    byte[] prk = kdf.extract(salt, secret);
    byte[] key = kdf.expand(prk, KEY, suite.nK());
    byte[] nonce = kdf.expand(prk, NONCE, suite.nN());
    Aead aead = Aead.of(suite.aeadId(), key);
    Arrays.fill(secret, (byte) 0);
    Arrays.fill(prk, (byte) 0);
    Arrays.fill(key, (byte) 0);
    return new ResponseKeys(aead, nonce);
  }

  /** aead_nonce XOR encode(Nn, counter): the nonce of chunk {@code counter}. */
  byte[] chunkNonce(long counter) {
    byte[] n = nonce.clone();
    for (int i = 0; i < 8; i++) {
      n[n.length - 1 - i] ^= (byte) (counter >>> (8 * i));
    }
    return n;
  }
}
