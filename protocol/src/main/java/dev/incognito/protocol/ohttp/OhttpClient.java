package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.Hpke;
import dev.incognito.protocol.hpke.HpkeException;
import dev.incognito.protocol.hpke.HpkeSuite;
import dev.incognito.protocol.hpke.SenderContext;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Objects;

/** The client's encapsulation of requests (RFC 9458 §4.3; draft-ietf-ohai-chunked-ohttp §6.1). */
public final class OhttpClient {

  private static final SecureRandom RANDOM = new SecureRandom();

  private OhttpClient() {}

  /**
   * Encapsulates {@code request} with the first (KDF, AEAD) pair of {@code config} that this
   * implementation supports.
   *
   * @throws IllegalArgumentException when the configuration offers no supported pair
   * @throws OhttpException when the configuration's public key is unusable
   */
  public static ClientContext encapsulate(KeyConfig config, byte[] request) throws OhttpException {
    SymmetricAlgorithm a = preferred(config);
    return encapsulate(config, a.kdfId(), a.aeadId(), request, RANDOM);
  }

  /**
   * Encapsulates {@code request}, a Binary HTTP message, for the gateway that published {@code
   * config}, with the given (KDF, AEAD) pair.
   *
   * @throws IllegalArgumentException when the configuration does not offer the pair, or it is not
   *     supported here
   * @throws OhttpException when the configuration's public key is unusable (a small-order point)
   */
  public static ClientContext encapsulate(KeyConfig config, int kdfId, int aeadId, byte[] request)
      throws OhttpException {
    return encapsulate(config, kdfId, aeadId, request, RANDOM);
  }

  /**
   * {@link #encapsulate(KeyConfig, int, int, byte[])} with the ephemeral key from {@code random}.
   */
  static ClientContext encapsulate(
      KeyConfig config, int kdfId, int aeadId, byte[] request, SecureRandom random)
      throws OhttpException {
    Header hdr = header(config, kdfId, aeadId);
    SenderContext hpke = setup(config, hdr, Header.REQUEST_LABEL, random);
    byte[] enc = hpke.enc();
    byte[] ct;
    try {
      ct = hpke.seal(Chunks.EMPTY, request);
    } catch (HpkeException e) {
      throw new OhttpException("request could not be sealed", e);
    }
    byte[] out = new byte[Header.LENGTH + enc.length + ct.length];
    System.arraycopy(hdr.encode(), 0, out, 0, Header.LENGTH);
    System.arraycopy(enc, 0, out, Header.LENGTH, enc.length);
    System.arraycopy(ct, 0, out, Header.LENGTH + enc.length, ct.length);
    return new ClientContext(hpke, enc, out);
  }

  /**
   * Starts a chunked Encapsulated Request ({@link MediaTypes#OHTTP_CHUNKED_REQUEST}) on {@code
   * out}: writes the header and enc now; the returned writer seals each chunk as it is written.
   *
   * @throws IllegalArgumentException when the configuration does not offer the pair
   */
  public static ChunkedRequestWriter encapsulateChunked(
      KeyConfig config, int kdfId, int aeadId, OutputStream out)
      throws IOException, OhttpException {
    return encapsulateChunked(config, kdfId, aeadId, out, RANDOM);
  }

  static ChunkedRequestWriter encapsulateChunked(
      KeyConfig config, int kdfId, int aeadId, OutputStream out, SecureRandom random)
      throws IOException, OhttpException {
    Objects.requireNonNull(out, "out");
    Header hdr = header(config, kdfId, aeadId);
    SenderContext hpke = setup(config, hdr, Header.CHUNKED_REQUEST_LABEL, random);
    byte[] enc = hpke.enc();
    out.write(hdr.encode());
    out.write(enc);
    return new ChunkedRequestWriter(new ClientContext(hpke, enc, null), out);
  }

  private static SymmetricAlgorithm preferred(KeyConfig config) {
    return config
        .preferredAlgorithm()
        .orElseThrow(
            () -> new IllegalArgumentException("key configuration offers no supported algorithm"));
  }

  private static Header header(KeyConfig config, int kdfId, int aeadId) {
    if (!config.offers(kdfId, aeadId)) {
      throw new IllegalArgumentException("key configuration does not offer this KDF and AEAD");
    }
    if (!new SymmetricAlgorithm(kdfId, aeadId).isSupported()) {
      throw new IllegalArgumentException("KDF and AEAD pair not supported");
    }
    return new Header(config.keyId(), config.kemId(), kdfId, aeadId);
  }

  private static SenderContext setup(
      KeyConfig config, Header hdr, String label, SecureRandom random) throws OhttpException {
    HpkeSuite suite = hdr.suite();
    try {
      return Hpke.setupBaseS(suite, config.publicKeyNoCopy(), hdr.info(label), random);
    } catch (HpkeException e) {
      throw new OhttpException("key configuration's public key is unusable", e);
    }
  }
}
