package dev.incognito.protocol.ohttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedTest {

  static final Instant T0 = Instant.now();
  static final List<byte[]> CHUNKS =
      List.of(bytes("data: {\"delta\":\"He\"}\n\n"), bytes("data: {\"delta\":\"llo\"}\n\n"));
  static final byte[] LAST = bytes("data: [DONE]\n\n");

  final KeyRing ring = KeyRing.generate(T0, Duration.ofDays(1), OhttpTest.ALL);
  final KeyConfig config = ring.active(T0).get(0);
  final OhttpGateway gateway = OhttpGateway.of(ring);

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A non-chunked request answered with a chunked response; returns the client and the stream. */
  record Exchange(ClientContext client, byte[] stream) {}

  Exchange chunkedExchange(int aeadId) throws Exception {
    ClientContext c = OhttpClient.encapsulate(config, 0x0001, aeadId, bytes("GET /v1/models"));
    ServerContext s = gateway.decapsulate(c.encapsulatedRequest());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedResponseWriter w = s.chunkedResponse(out);
    for (byte[] chunk : CHUNKS) {
      w.writeChunk(chunk);
    }
    w.finish(LAST);
    assertTrue(w.isFinished());
    return new Exchange(c, out.toByteArray());
  }

  static List<byte[]> readAll(ChunkedResponseReader r) throws IOException, OhttpException {
    List<byte[]> got = new ArrayList<>();
    for (byte[] chunk = r.readChunk(); chunk != null; chunk = r.readChunk()) {
      got.add(chunk);
    }
    return got;
  }

  static void assertChunks(List<byte[]> got) {
    assertEquals(CHUNKS.size() + 1, got.size());
    for (int i = 0; i < CHUNKS.size(); i++) {
      assertArrayEquals(CHUNKS.get(i), got.get(i));
    }
    assertArrayEquals(LAST, got.get(CHUNKS.size()));
  }

  @Test
  void chunkedResponse_roundTripsEveryAead() throws Exception {
    for (int aead : new int[] {1, 2, 3}) {
      Exchange x = chunkedExchange(aead);
      ChunkedResponseReader r = x.client().chunkedResponse(new ByteArrayInputStream(x.stream()));
      assertFalse(r.isComplete());
      assertChunks(readAll(r));
      assertTrue(r.isComplete());
      assertNull(r.readChunk());
    }
  }

  @Test
  void chunkedResponse_rejectsEveryTruncation() throws Exception {
    Exchange x = chunkedExchange(1);
    for (int len = 0; len < x.stream().length; len++) {
      ChunkedResponseReader r =
          x.client().chunkedResponse(new ByteArrayInputStream(Arrays.copyOf(x.stream(), len)));
      assertThrows(MalformedMessageException.class, () -> readAll(r), "length " + len);
      assertFalse(r.isComplete());
    }
  }

  @Test
  void chunkedResponse_rejectsStreamWithoutFinalChunk() throws Exception {
    ClientContext c = OhttpClient.encapsulate(config, bytes("q"));
    ServerContext s = gateway.decapsulate(c.encapsulatedRequest());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedResponseWriter w = s.chunkedResponse(out);
    w.writeChunk(bytes("partial answer"));
    // the writer is abandoned: no final chunk
    ChunkedResponseReader r = c.chunkedResponse(new ByteArrayInputStream(out.toByteArray()));
    assertArrayEquals(bytes("partial answer"), r.readChunk());
    MalformedMessageException e = assertThrows(MalformedMessageException.class, r::readChunk);
    assertTrue(e.getMessage().contains("without a final chunk"), e.getMessage());
  }

  @Test
  void chunkedResponse_rejectsEveryFlippedByte() throws Exception {
    Exchange x = chunkedExchange(3);
    for (int i = 0; i < x.stream().length; i++) {
      byte[] bad = x.stream().clone();
      bad[i] ^= 0x01;
      ChunkedResponseReader r = x.client().chunkedResponse(new ByteArrayInputStream(bad));
      assertThrows(OhttpException.class, () -> readAll(r), "byte " + i);
    }
  }

  /** Splits a chunked stream after {@code prefix} bytes into its sealed chunks. */
  static List<Chunks.Sealed> split(byte[] stream, int prefix) throws Exception {
    ByteArrayInputStream in = new ByteArrayInputStream(stream, prefix, stream.length - prefix);
    List<Chunks.Sealed> out = new ArrayList<>();
    Chunks.Sealed s;
    do {
      s = Chunks.read(in, 1 << 20);
      out.add(s);
    } while (!s.isFinal());
    return out;
  }

  static byte[] join(byte[] head, List<Chunks.Sealed> chunks) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(head);
    for (Chunks.Sealed s : chunks) {
      Chunks.write(out, s.bytes(), s.isFinal());
    }
    return out.toByteArray();
  }

  @Test
  void chunkedResponse_rejectsReorderedChunks() throws Exception {
    Exchange x = chunkedExchange(1);
    byte[] nonce = Arrays.copyOf(x.stream(), 16);
    List<Chunks.Sealed> chunks = split(x.stream(), 16);
    assertArrayEquals(x.stream(), join(nonce, chunks), "split and join are inverse");
    List<Chunks.Sealed> swapped = new ArrayList<>(chunks);
    swapped.set(0, chunks.get(1));
    swapped.set(1, chunks.get(0));
    ChunkedResponseReader r =
        x.client().chunkedResponse(new ByteArrayInputStream(join(nonce, swapped)));
    assertThrows(MalformedMessageException.class, r::readChunk);
  }

  @Test
  void chunkedResponse_rejectsNonFinalChunkPresentedAsFinal() throws Exception {
    Exchange x = chunkedExchange(2);
    // AES-256-GCM: response_nonce is max(Nn, Nk) = 32 bytes
    byte[] nonce = Arrays.copyOf(x.stream(), 32);
    List<Chunks.Sealed> chunks = split(x.stream(), 32);
    // truncate after chunk 1 and mark chunk 1 final
    List<Chunks.Sealed> forged =
        List.of(chunks.get(0), new Chunks.Sealed(true, chunks.get(1).bytes()));
    ChunkedResponseReader r =
        x.client().chunkedResponse(new ByteArrayInputStream(join(nonce, forged)));
    assertArrayEquals(CHUNKS.get(0), r.readChunk());
    assertThrows(MalformedMessageException.class, r::readChunk);
    assertFalse(r.isComplete());
  }

  @Test
  void chunkedResponse_rejectsDroppedChunk() throws Exception {
    Exchange x = chunkedExchange(1);
    byte[] nonce = Arrays.copyOf(x.stream(), 16);
    List<Chunks.Sealed> chunks = new ArrayList<>(split(x.stream(), 16));
    chunks.remove(1);
    ChunkedResponseReader r =
        x.client().chunkedResponse(new ByteArrayInputStream(join(nonce, chunks)));
    assertArrayEquals(CHUNKS.get(0), r.readChunk());
    assertThrows(MalformedMessageException.class, r::readChunk);
  }

  @Test
  void chunkedResponse_isNotANonChunkedResponse() throws Exception {
    // the chunked and non-chunked response keys differ by exporter label
    ClientContext c = OhttpClient.encapsulate(config, bytes("q"));
    ServerContext s = gateway.decapsulate(c.encapsulatedRequest());
    byte[] whole = s.sealResponse(bytes("answer"));
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    forged.write(whole, 0, 16);
    Chunks.write(forged, Arrays.copyOfRange(whole, 16, whole.length), true);
    ChunkedResponseReader r = c.chunkedResponse(new ByteArrayInputStream(forged.toByteArray()));
    assertThrows(MalformedMessageException.class, r::readChunk);
  }

  @Test
  void chunkedRequest_roundTripsWithChunkedResponse() throws Exception {
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    ChunkedRequestWriter w = OhttpClient.encapsulateChunked(config, 0x0001, 0x0003, req);
    w.writeChunk(bytes("POST /v1/chat/completions part 1"));
    w.writeChunk(bytes("part 2"));
    w.finish(bytes("end"));

    ChunkedRequestReader r =
        gateway.decapsulateChunked(new ByteArrayInputStream(req.toByteArray()));
    assertArrayEquals(bytes("POST /v1/chat/completions part 1"), r.readChunk());
    assertArrayEquals(bytes("part 2"), r.readChunk());
    assertArrayEquals(bytes("end"), r.readChunk());
    assertNull(r.readChunk());
    assertTrue(r.isComplete());

    ByteArrayOutputStream res = new ByteArrayOutputStream();
    ChunkedResponseWriter rw = r.context().chunkedResponse(res);
    rw.writeChunk(bytes("a"));
    rw.finish(bytes("b"));
    ChunkedResponseReader cr =
        w.context().chunkedResponse(new ByteArrayInputStream(res.toByteArray()));
    assertArrayEquals(bytes("a"), cr.readChunk());
    assertArrayEquals(bytes("b"), cr.readChunk());
    assertTrue(cr.isComplete());
  }

  @Test
  void chunkedRequest_rejectsEveryTruncation() throws Exception {
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    ChunkedRequestWriter w = OhttpClient.encapsulateChunked(config, 0x0001, 0x0001, req);
    w.writeChunk(bytes("one"));
    w.finish(bytes("two"));
    byte[] stream = req.toByteArray();
    for (int len = 0; len < stream.length; len++) {
      byte[] prefix = Arrays.copyOf(stream, len);
      assertThrows(
          MalformedMessageException.class,
          () -> {
            ChunkedRequestReader r = gateway.decapsulateChunked(new ByteArrayInputStream(prefix));
            while (r.readChunk() != null) {
              // drain
            }
          },
          "length " + len);
    }
  }

  @Test
  void chunkedRequest_isNotANonChunkedRequest() throws Exception {
    // the info labels differ, so a chunked header cannot open as a non-chunked request
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    ChunkedRequestWriter w = OhttpClient.encapsulateChunked(config, 0x0001, 0x0001, req);
    w.finish(bytes("whole request"));
    byte[] stream = req.toByteArray();
    byte[] asWhole = new byte[stream.length - 1];
    System.arraycopy(stream, 0, asWhole, 0, 39);
    System.arraycopy(stream, 40, asWhole, 39, stream.length - 40); // drop the 0 length
    assertThrows(MalformedMessageException.class, () -> gateway.decapsulate(asWhole));
  }

  @Test
  void chunkReaders_rejectOversizedChunk() throws Exception {
    ClientContext c = OhttpClient.encapsulate(config, bytes("q"));
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    forged.write(new byte[16]);
    Varints.write(forged, ChunkedResponseReader.MAX_CHUNK_BYTES + 1L);
    ChunkedResponseReader r = c.chunkedResponse(new ByteArrayInputStream(forged.toByteArray()));
    assertThrows(MessageTooLargeException.class, r::readChunk);
  }

  @Test
  void writers_skipEmptyDataAndSplitLongData() throws Exception {
    ClientContext c = OhttpClient.encapsulate(config, bytes("q"));
    ServerContext s = gateway.decapsulate(c.encapsulatedRequest());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChunkedResponseWriter w = s.chunkedResponse(out);
    w.writeChunk(new byte[0]);
    assertEquals(16, out.size(), "an empty write adds no chunk");
    byte[] big = new byte[2 * ChunkedResponseWriter.MAX_CHUNK_PLAINTEXT + 5];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    w.writeChunk(big);
    w.finish(big);
    List<Chunks.Sealed> sealed = split(out.toByteArray(), 16);
    assertEquals(6, sealed.size());
    for (Chunks.Sealed one : sealed) {
      assertTrue(one.bytes().length <= ChunkedResponseWriter.MAX_CHUNK_PLAINTEXT + 16);
    }
    List<byte[]> got = readAll(c.chunkedResponse(new ByteArrayInputStream(out.toByteArray())));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (byte[] g : got) {
      joined.write(g);
    }
    byte[] twice = new byte[2 * big.length];
    System.arraycopy(big, 0, twice, 0, big.length);
    System.arraycopy(big, 0, twice, big.length, big.length);
    assertArrayEquals(twice, joined.toByteArray());
  }

  @Test
  void chunkedResponse_acceptsEmptyFinalChunk() throws Exception {
    ClientContext c = OhttpClient.encapsulate(config, bytes("q"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    gateway.decapsulate(c.encapsulatedRequest()).chunkedResponse(out).finish(new byte[0]);
    List<byte[]> got = readAll(c.chunkedResponse(new ByteArrayInputStream(out.toByteArray())));
    assertEquals(1, got.size());
    assertEquals(0, got.get(0).length);
  }

  @Test
  void chunkedResponse_rejectsEmptyNonFinalChunk() throws Exception {
    // a writer never produces one, so seal it here with the response key: counter 0, AAD empty
    ClientContext c = OhttpClient.encapsulate(config, bytes("q"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    gateway.decapsulate(c.encapsulatedRequest()).chunkedResponse(out);
    byte[] nonce = out.toByteArray();
    ResponseKeys keys =
        ResponseKeys.derive(c.hpke(), Header.CHUNKED_RESPONSE_LABEL, c.hpke().enc(), nonce);
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    forged.write(nonce);
    Chunks.write(forged, keys.aead.seal(keys.chunkNonce(0), Chunks.EMPTY, new byte[0]), false);
    Chunks.write(forged, keys.aead.seal(keys.chunkNonce(1), Chunks.FINAL_AAD, bytes("x")), true);
    ChunkedResponseReader r = c.chunkedResponse(new ByteArrayInputStream(forged.toByteArray()));
    MalformedMessageException e = assertThrows(MalformedMessageException.class, r::readChunk);
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void chunkedRequest_splitsLongRequestIntoChunksTheGatewayReassembles() throws Exception {
    byte[] big = new byte[3 * ChunkedRequestWriter.MAX_CHUNK_PLAINTEXT + 1];
    new java.util.Random(7).nextBytes(big);
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    OhttpClient.encapsulateChunked(config, 0x0001, 0x0002, req).finish(big);
    ChunkedRequestReader r =
        gateway.decapsulateChunked(new ByteArrayInputStream(req.toByteArray()));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    int chunks = 0;
    for (byte[] c = r.readChunk(); c != null; c = r.readChunk()) {
      joined.write(c);
      chunks++;
    }
    assertEquals(4, chunks);
    assertArrayEquals(big, joined.toByteArray());
  }

  @Test
  void varints_roundTripAtEveryLengthBoundary() throws Exception {
    long[] values = {0, 63, 64, 16383, 16384, 1073741823, 1073741824, Varints.MAX};
    int[] lengths = {1, 1, 2, 2, 4, 4, 8, 8};
    for (int i = 0; i < values.length; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Varints.write(out, values[i]);
      assertEquals(lengths[i], out.size());
      assertEquals(values[i], Varints.read(new ByteArrayInputStream(out.toByteArray())));
    }
    // RFC 9000 Appendix A.1 examples
    assertEquals(
        151288809941952652L,
        Varints.read(new ByteArrayInputStream(TestSupport.hex("c2197c5eff14e88c"))));
    assertEquals(494878333L, Varints.read(new ByteArrayInputStream(TestSupport.hex("9d7f3e7d"))));
    assertEquals(15293L, Varints.read(new ByteArrayInputStream(TestSupport.hex("7bbd"))));
    assertEquals(37L, Varints.read(new ByteArrayInputStream(TestSupport.hex("4025"))));
    assertThrows(
        IllegalArgumentException.class, () -> Varints.write(new ByteArrayOutputStream(), -1));
  }
}
