package dev.incognito.protocol.bhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated inputs: decoding either succeeds or throws BinaryHttpException (any
 * other exception fails the test), and whatever decodes re-encodes to something that decodes to the
 * same message.
 */
class FuzzTest {

  @Test
  void decode_randomBytesOnlyEverThrowBinaryHttpException() throws Exception {
    Random rnd = new Random(0x9292);
    for (int i = 0; i < 8_000; i++) {
      byte[] m = new byte[rnd.nextInt(48)];
      rnd.nextBytes(m);
      if (m.length > 0 && rnd.nextBoolean()) {
        m[0] = (byte) rnd.nextInt(4); // get past the framing indicator
      }
      for (int j = 1; j < m.length; j++) {
        if (rnd.nextInt(3) == 0) {
          m[j] = (byte) rnd.nextInt(8); // small lengths, so sections parse further
        }
      }
      check(m, rnd);
    }
  }

  @Test
  void decode_mutatedValidMessagesOnlyEverThrowBinaryHttpException() throws Exception {
    Random rnd = new Random(0x458);
    for (int i = 0; i < 1_500; i++) {
      byte[] m =
          switch (rnd.nextInt(4)) {
            case 0 -> BinaryHttp.encode(Messages.request(rnd));
            case 1 -> BinaryHttp.encodeIndeterminate(Messages.request(rnd));
            case 2 -> BinaryHttp.encode(Messages.response(rnd));
            default -> BinaryHttp.encodeIndeterminate(Messages.response(rnd));
          };
      int mutations = 1 + rnd.nextInt(3);
      for (int k = 0; k < mutations; k++) {
        int at = rnd.nextInt(m.length);
        switch (rnd.nextInt(4)) {
          case 0 -> m[at] = (byte) rnd.nextInt(256);
          case 1 -> m[at] ^= (byte) (1 << rnd.nextInt(8));
          case 2 -> m = Arrays.copyOf(m, at);
          default -> m[at] = (byte) (0x40 | rnd.nextInt(0xC0));
        }
        if (m.length == 0) {
          break;
        }
      }
      check(m, rnd);
    }
  }

  @Test
  void decode_structuredRandomMessagesReachEveryPartOfTheParser() throws Exception {
    Random rnd = new Random(0x3_8);
    int decoded = 0;
    for (int i = 0; i < 8_000; i++) {
      if (check(structured(rnd), rnd)) {
        decoded++;
      }
    }
    // The generator is tuned so that some inputs are valid and the rest fail deep inside.
    assertTrue(decoded > 20, "only " + decoded + " random messages decoded");
  }

  /** A framing indicator, then random small integers, statuses, short strings, zeros and noise. */
  private static byte[] structured(Random rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(QuicVarint.encode(rnd.nextInt(4)));
    String odd = "-GET/ :\r\u00e9";
    int items = rnd.nextInt(14);
    for (int i = 0; i < items; i++) {
      switch (rnd.nextInt(6)) {
        case 0 -> out.writeBytes(QuicVarint.encode(rnd.nextInt(4)));
        case 1 -> out.writeBytes(QuicVarint.encode(100 + rnd.nextInt(520)));
        case 2, 3 -> {
          int n = rnd.nextInt(5);
          out.writeBytes(QuicVarint.encode(n));
          for (int k = 0; k < n; k++) {
            out.write(
                rnd.nextInt(8) == 0
                    ? odd.charAt(rnd.nextInt(odd.length()))
                    : 'a' + rnd.nextInt(26));
          }
        }
        case 4 -> out.write(0);
        default -> {
          byte[] noise = new byte[rnd.nextInt(3)];
          rnd.nextBytes(noise);
          out.writeBytes(noise);
        }
      }
    }
    return out.toByteArray();
  }

  /** True if {@code m} decoded as a request or a response. */
  private static boolean check(byte[] m, Random rnd) throws Exception {
    BinaryRequest req = null;
    try {
      req = BinaryHttp.decodeRequest(m);
    } catch (BinaryHttpException expected) {
      // invalid as a request
    }
    if (req != null) {
      assertEquals(req, BinaryHttp.decodeRequest(BinaryHttp.encode(req)));
      assertEquals(req, BinaryHttp.decodeRequest(BinaryHttp.encodeIndeterminate(req)));
    }
    BinaryResponse res = null;
    try {
      res = BinaryHttp.decodeResponse(m);
    } catch (BinaryHttpException expected) {
      // invalid as a response
    }
    if (res != null) {
      assertEquals(res, BinaryHttp.decodeResponse(BinaryHttp.encode(res)));
      assertEquals(res, BinaryHttp.decodeResponse(BinaryHttp.encodeIndeterminate(res)));
    }
    BinaryResponse incremental;
    try {
      incremental =
          IncrementalResponseDecoderTest.decodeInPieces(
                  m, IncrementalResponseDecoderTest.randomSplit(rnd, m.length))
              .response();
    } catch (BinaryHttpException expected) {
      incremental = null;
    }
    assertEquals(res, incremental);
    return req != null || res != null;
  }
}
