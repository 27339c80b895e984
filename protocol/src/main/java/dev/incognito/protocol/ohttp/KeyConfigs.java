package dev.incognito.protocol.ohttp;

import dev.incognito.protocol.hpke.HpkeSuite;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code application/ohttp-keys} format (RFC 9458 §3.2): key configurations, each preceded by
 * its length as a 2-byte integer in network byte order, concatenated.
 */
public final class KeyConfigs {

  /** Most key configurations accepted in one body. */
  public static final int MAX_CONFIGS = 32;

  /** Longest body accepted, bytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private KeyConfigs() {}

  /** Encodes {@code configs} (1..{@link #MAX_CONFIGS}) in the given order. */
  public static byte[] encode(List<KeyConfig> configs) {
    if (configs.isEmpty() || configs.size() > MAX_CONFIGS) {
      throw new IllegalArgumentException("need 1.." + MAX_CONFIGS + " key configurations");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (KeyConfig c : configs) {
      byte[] e = c.encode();
      out.write(e.length >>> 8);
      out.write(e.length);
      out.writeBytes(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a body. Configurations for a KEM other than DHKEM(X25519, HKDF-SHA256) are skipped, as
   * their length prefix allows; every other defect rejects the whole body.
   *
   * @return the usable configurations in the body's order, at least one
   * @throws MalformedMessageException when the body is empty, too long, truncated, holds a
   *     malformed configuration, or holds no usable one
   */
  public static List<KeyConfig> decode(byte[] body) throws MalformedMessageException {
    if (body.length > MAX_BODY_BYTES) {
      throw new MalformedMessageException("ohttp-keys body longer than " + MAX_BODY_BYTES);
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    List<KeyConfig> configs = new ArrayList<>();
    int count = 0;
    while (in.hasRemaining()) {
      if (++count > MAX_CONFIGS) {
        throw new MalformedMessageException("more than " + MAX_CONFIGS + " key configurations");
      }
      if (in.remaining() < 2) {
        throw new MalformedMessageException("ohttp-keys length prefix truncated");
      }
      int length = in.getShort() & 0xFFFF;
      if (length > in.remaining()) {
        throw new MalformedMessageException("ohttp-keys key configuration truncated");
      }
      ByteBuffer one = in.slice(in.position(), length);
      in.position(in.position() + length);
      if (length >= 3 && (one.getShort(1) & 0xFFFF) != HpkeSuite.KEM_X25519_HKDF_SHA256) {
        continue;
      }
      configs.add(KeyConfig.read(one, length));
    }
    if (configs.isEmpty()) {
      throw new MalformedMessageException("ohttp-keys holds no usable key configuration");
    }
    return List.copyOf(configs);
  }
}
