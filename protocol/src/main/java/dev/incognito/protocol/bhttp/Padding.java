package dev.incognito.protocol.bhttp;

import java.util.Arrays;

/**
 * Pads encoded Binary HTTP messages to size buckets so that the length of an encapsulated message
 * reveals little about its content. Padding is zero bytes after the message (RFC 9292 §3.8), which
 * every conforming decoder ignores.
 *
 * <p>Buckets, bytes: powers of two from {@link #MIN_BUCKET} (256) up to {@link #STEP} (64 KiB) —
 * 256, 512, 1 KiB, 2, 4, 8, 16, 32, 64 KiB — then multiples of {@link #STEP}: 128 KiB, 192 KiB, and
 * so on. A message is padded to the smallest bucket that holds it: above 256 bytes the padding is
 * shorter than the message up to 64 KiB, and shorter than 64 KiB beyond.
 *
 * <p>Pad a whole encoded message (either form; usually the known-length form), never a piece of a
 * streamed one: trailing zeros are padding only after the message's last section.
 */
public final class Padding {

  /** Smallest bucket, bytes. */
  public static final int MIN_BUCKET = 256;

  /** Largest power-of-two bucket, and the step between buckets above it, bytes. */
  public static final int STEP = 64 * 1024;

  /**
   * Largest length {@link #bucketFor} accepts: the largest multiple of {@link #STEP} an array can
   * hold.
   */
  public static final int MAX_LENGTH = (Integer.MAX_VALUE - 8) / STEP * STEP;

  private Padding() {}

  /**
   * The bucket a message of {@code length} bytes is padded to: the smallest bucket at least {@code
   * length}.
   *
   * @param length 0..{@link #MAX_LENGTH}
   */
  public static int bucketFor(int length) {
    if (length < 0 || length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "length " + length + " is outside 0..MAX_LENGTH " + MAX_LENGTH);
    }
    if (length <= MIN_BUCKET) {
      return MIN_BUCKET;
    }
    if (length <= STEP) {
      return Integer.highestOneBit(length - 1) << 1;
    }
    return (int) (((long) length + STEP - 1) / STEP * STEP);
  }

  /** {@code encoded} followed by zero bytes up to {@link #bucketFor}{@code (encoded.length)}. */
  public static byte[] padToBucket(byte[] encoded) {
    return Arrays.copyOf(encoded, bucketFor(encoded.length));
  }

  /**
   * {@code encoded} followed by zero bytes up to {@code length}.
   *
   * @throws IllegalArgumentException if {@code length} is shorter than the message
   */
  public static byte[] padTo(byte[] encoded, int length) {
    if (length < encoded.length) {
      throw new IllegalArgumentException("cannot pad " + encoded.length + " bytes to " + length);
    }
    return Arrays.copyOf(encoded, length);
  }
}
