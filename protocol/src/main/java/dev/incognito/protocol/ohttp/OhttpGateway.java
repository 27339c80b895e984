package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.Aead;
import dev.incognito.protocol.hpke.Hpke;
import dev.incognito.protocol.hpke.HpkeException;
import dev.incognito.protocol.hpke.HpkeSuite;
import dev.incognito.protocol.hpke.RecipientContext;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Oblivious Gateway Resource's decapsulation (RFC 9458 §4.3; draft-ietf-ohai-chunked-ohttp
 * §6.1) against the current {@link KeyRing}. Thread-safe; the contexts it returns are not.
 */
public final class OhttpGateway {

  /** Default cap on an Encapsulated Request, bytes. */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<KeyRing> keyRing;
  private final Clock clock;
  private final int maxRequestBytes;
  private final SecureRandom random;

  /**
   * A gateway.
   *
   * @param keyRing the current ring, asked once per request (rotation swaps what it returns)
   * @param clock decides which keys are retired
   * @param maxRequestBytes cap on an Encapsulated Request, bytes
   */
  public OhttpGateway(Supplier<KeyRing> keyRing, Clock clock, int maxRequestBytes) {
    this(keyRing, clock, maxRequestBytes, RANDOM);
  }

  OhttpGateway(Supplier<KeyRing> keyRing, Clock clock, int maxRequestBytes, SecureRandom random) {
    if (maxRequestBytes < Header.LENGTH) {
      throw new IllegalArgumentException("maxRequestBytes too small");
    }
    this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxRequestBytes = maxRequestBytes;
    this.random = random;
  }

  /** A gateway over a fixed ring, the system clock and {@link #DEFAULT_MAX_REQUEST_BYTES}. */
  public static OhttpGateway of(KeyRing ring) {
    Objects.requireNonNull(ring, "ring");
    return new OhttpGateway(() -> ring, Clock.systemUTC(), DEFAULT_MAX_REQUEST_BYTES);
  }

  /**
   * Decapsulates an Encapsulated Request ({@link MediaTypes#OHTTP_REQUEST}), {@code hdr || enc ||
   * ct}.
   *
   * @throws MessageTooLargeException when it is longer than the cap
   * @throws UnknownKeyIdException when the key id is unknown or retired, or that key does not offer
   *     the request's algorithms
   * @throws MalformedMessageException when it is truncated or does not authenticate
   */
  public ServerContext decapsulate(byte[] encapsulatedRequest) throws OhttpException {
    if (encapsulatedRequest.length > maxRequestBytes) {
      throw new MessageTooLargeException(
          "encapsulated request longer than " + maxRequestBytes + " bytes");
    }
    if (encapsulatedRequest.length < Header.LENGTH) {
      throw new MalformedMessageException("encapsulated request truncated inside the header");
    }
    Header hdr = Header.parse(encapsulatedRequest);
    GatewayKey key = findKey(hdr);
    HpkeSuite suite = hdr.suite();
    int nEnc = suite.nEnc();
    if (encapsulatedRequest.length < Header.LENGTH + nEnc + Aead.TAG_LENGTH) {
      throw new MalformedMessageException("encapsulated request truncated");
    }
    byte[] enc = new byte[nEnc];
    System.arraycopy(encapsulatedRequest, Header.LENGTH, enc, 0, nEnc);
    RecipientContext hpke = setup(key, hdr, Header.REQUEST_LABEL, enc);
    byte[] request;
    try {
      int offset = Header.LENGTH + nEnc;
      request =
          hpke.open(Chunks.EMPTY, encapsulatedRequest, offset, encapsulatedRequest.length - offset);
    } catch (HpkeException e) {
      throw new MalformedMessageException("encapsulated request did not authenticate");
    }
    return new ServerContext(hpke, enc, hdr.keyId(), request, random);
  }

  /**
   * Starts decapsulating a chunked Encapsulated Request ({@link MediaTypes#OHTTP_CHUNKED_REQUEST})
   * from {@code in}: reads the header and enc now, the chunks as the caller asks for them.
   *
   * @throws UnknownKeyIdException as for {@link #decapsulate(byte[])}
   * @throws MalformedMessageException when the stream ends inside the header or enc, or enc is
   *     unusable
   */
  public ChunkedRequestReader decapsulateChunked(InputStream in)
      throws IOException, OhttpException {
    byte[] hdrBytes = in.readNBytes(Header.LENGTH);
    if (hdrBytes.length != Header.LENGTH) {
      throw new MalformedMessageException("chunked request truncated inside the header");
    }
    Header hdr = Header.parse(hdrBytes);
    GatewayKey key = findKey(hdr);
    int nEnc = hdr.suite().nEnc();
    byte[] enc = in.readNBytes(nEnc);
    if (enc.length != nEnc) {
      throw new MalformedMessageException("chunked request truncated inside enc");
    }
    RecipientContext hpke = setup(key, hdr, Header.CHUNKED_REQUEST_LABEL, enc);
    return new ChunkedRequestReader(new ServerContext(hpke, enc, hdr.keyId(), null, random), in);
  }

  private GatewayKey findKey(Header hdr) throws UnknownKeyIdException {
    GatewayKey key = keyRing.get().find(hdr.keyId(), clock.instant());
    KeyConfig config = key.config();
    if (hdr.kemId() != config.kemId() || !config.offers(hdr.kdfId(), hdr.aeadId())) {
      throw new UnknownKeyIdException(
          hdr.keyId(), "key id " + hdr.keyId() + " does not offer the request's algorithms");
    }
    return key;
  }

  private static RecipientContext setup(GatewayKey key, Header hdr, String label, byte[] enc)
      throws MalformedMessageException {
    try {
      return Hpke.setupBaseR(hdr.suite(), enc, key.keyPair(), hdr.info(label));
    } catch (HpkeException e) {
      throw new MalformedMessageException("encapsulated key is unusable", e);
    }
  }
}
