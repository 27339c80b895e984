package dev.incognito.protocol.bhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class QuicVarintTest {

  private static final HexFormat HEX = HexFormat.of();

  /** RFC 9000 Appendix A.1 sample encodings. */
  @Test
  void read_decodesRfc9000SampleEncodings() throws Exception {
    assertEquals(151_288_809_941_952_652L, read("c2197c5eff14e88c"));
    assertEquals(494_878_333L, read("9d7f3e7d"));
    assertEquals(15_293L, read("7bbd"));
    assertEquals(37L, read("25"));
    assertEquals(37L, read("4025"));
  }

  @Test
  void read_acceptsNonMinimalEncodings() throws Exception {
    assertEquals(0L, read("4000"));
    assertEquals(0L, read("80000000"));
    assertEquals(200L, read("c0000000000000c8"));
  }

  @Test
  void encode_writesShortestForm() {
    assertEquals("25", HEX.formatHex(QuicVarint.encode(37)));
    assertEquals("7bbd", HEX.formatHex(QuicVarint.encode(15_293)));
    assertEquals("9d7f3e7d", HEX.formatHex(QuicVarint.encode(494_878_333L)));
    assertEquals("c2197c5eff14e88c", HEX.formatHex(QuicVarint.encode(151_288_809_941_952_652L)));
  }

  @Test
  void encodedLength_switchesAtEachBoundary() {
    long[][] table = {
      {0, 1},
      {63, 1},
      {64, 2},
      {16_383, 2},
      {16_384, 4},
      {1_073_741_823, 4},
      {1_073_741_824, 8},
      {QuicVarint.MAX_VALUE, 8}
    };
    for (long[] row : table) {
      assertEquals(row[1], QuicVarint.encodedLength(row[0]), "length of " + row[0]);
      byte[] enc = QuicVarint.encode(row[0]);
      assertEquals(row[1], enc.length);
      assertEquals(row[1], QuicVarint.lengthFromFirstByte(enc[0]));
    }
  }

  @Test
  void encode_rejectsNegativeAndTooLarge() {
    assertThrows(IllegalArgumentException.class, () -> QuicVarint.encode(-1));
    assertThrows(IllegalArgumentException.class, () -> QuicVarint.encode(QuicVarint.MAX_VALUE + 1));
  }

  @Test
  void writeVariants_agreeAndRoundTrip() throws Exception {
    long[] values = {
      0, 1, 63, 64, 300, 16_383, 16_384, 1L << 29, 1L << 30, 1L << 40, QuicVarint.MAX_VALUE
    };
    for (long v : values) {
      byte[] enc = QuicVarint.encode(v);
      ByteBuffer bb = ByteBuffer.allocate(8);
      QuicVarint.write(v, bb);
      bb.flip();
      ByteArrayOutputStream os = new ByteArrayOutputStream();
      QuicVarint.write(v, os);
      assertArrayEquals(enc, os.toByteArray());
      assertEquals(v, QuicVarint.read(bb));
      assertEquals(0, bb.remaining());
    }
  }

  @Test
  void read_rejectsTruncatedEncodingAndKeepsPosition() {
    ByteBuffer bb = ByteBuffer.wrap(HEX.parseHex("9d7f3e"));
    BinaryHttpException e = assertThrows(BinaryHttpException.class, () -> QuicVarint.read(bb));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertEquals(0, bb.position());
    assertThrows(BinaryHttpException.class, () -> QuicVarint.read(ByteBuffer.allocate(0)));
  }

  @Test
  void readCapped_rejectsValueOverCapAndKeepsPosition() throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(QuicVarint.encode(70_000));
    BinaryHttpLimitException e =
        assertThrows(
            BinaryHttpLimitException.class,
            () -> QuicVarint.read(bb, 65_536, "field section length", "MAX_FIELD_SECTION_BYTES"));
    assertEquals(
        "field section length 70000 exceeds MAX_FIELD_SECTION_BYTES 65536", e.getMessage());
    assertEquals("MAX_FIELD_SECTION_BYTES", e.limitName());
    assertEquals(0, bb.position());
  }

  private static long read(String hex) throws BinaryHttpException {
    ByteBuffer bb = ByteBuffer.wrap(HEX.parseHex(hex));
    long v = QuicVarint.read(bb);
    assertEquals(0, bb.remaining());
    return v;
  }
}
