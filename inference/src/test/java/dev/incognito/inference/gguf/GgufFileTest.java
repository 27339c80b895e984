package dev.incognito.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {

  @TempDir Path tmp;

  static Path shared() {
    String dir = System.getProperty("incognito.shared.dir");
    Path p = dir == null ? null : Path.of(dir);
    assumeTrue(p != null && Files.isDirectory(p), "shared test data absent");
    return p;
  }

  @Test
  void open_readsTinyRandomLlama() throws Exception {
    Path p = shared().resolve("models/tiny-random/llama-2-tiny-random.gguf");
    assumeTrue(Files.exists(p));
    try (GgufFile f = GgufFile.open(p)) {
      assertEquals(3, f.version());
      assertEquals("llama", f.architecture());
      assertEquals(8, f.requireInt("llama.embedding_length"));
      assertEquals(1e-5f, f.requireFloat("llama.attention.layer_norm_rms_epsilon"));
      assertEquals(32000, f.requireStringArray("tokenizer.ggml.tokens").length);
      assertEquals("<s>", f.requireStringArray("tokenizer.ggml.tokens")[1]);
      assertEquals(32000, f.requireFloatArray("tokenizer.ggml.scores").length);
      assertEquals(GgufValueType.UINT32, f.valueType("llama.block_count").orElseThrow());
      assertEquals(12, f.tensors().size());
      assertEquals(
          9, f.tensors().stream().filter(t -> t.type() == GgmlType.F16).count(), "F16 tensors");
      TensorInfo embd = f.tensor("token_embd.weight").orElseThrow();
      assertArrayEquals(new long[] {8, 32000}, embd.dims());
      assertEquals(8L * 32000 * 2, embd.byteSize());
      assertEquals(0, (embd.offset() - f.dataOffset()) % f.alignment());
      TensorData d = f.tensorData("token_embd.weight");
      assertEquals(1, d.segmentCount());
      assertEquals(embd.byteSize(), d.buffer().remaining());
      assertEquals(16, d.row(31999).remaining());
      ByteBuffer norm = f.tensorData("output_norm.weight").buffer();
      assertEquals(ByteOrder.LITTLE_ENDIAN, norm.order());
      assertTrue(norm.isReadOnly());
      for (int i = 0; i < 8; i++) {
        float v = norm.getFloat(i * 4);
        assertTrue(Float.isFinite(v), "norm weight finite");
      }
      assertThrows(GgufFormatException.class, () -> f.tensorData("no.such.tensor"));
      GgufFormatException e =
          assertThrows(GgufFormatException.class, () -> f.requireString("no.such.key"));
      assertTrue(e.getMessage().contains("missing metadata key no.such.key"), e.getMessage());
      assertThrows(GgufFormatException.class, () -> f.getString("llama.block_count"));
    }
  }

  @Test
  void open_readsTheVocabularyFiles() throws Exception {
    Path dir = shared().resolve("testdata/tokenizers");
    String[][] expect = {
      {"ggml-vocab-llama-spm.gguf", "llama", "32000"},
      {"ggml-vocab-phi-3.gguf", "llama", "32064"},
      {"ggml-vocab-llama-bpe.gguf", "gpt2", "128256"},
      {"ggml-vocab-qwen2.gguf", "gpt2", "151936"},
    };
    for (String[] e : expect) {
      Path p = dir.resolve(e[0]);
      assumeTrue(Files.exists(p));
      try (GgufFile f = GgufFile.open(p)) {
        assertEquals(e[1], f.requireString("tokenizer.ggml.model"), e[0]);
        int n = Integer.parseInt(e[2]);
        assertEquals(n, f.requireStringArray("tokenizer.ggml.tokens").length, e[0]);
        assertEquals(n, f.requireIntArray("tokenizer.ggml.token_type").length, e[0]);
        assertTrue(f.tensors().isEmpty());
      }
    }
  }

  private Path writeSample() throws IOException {
    float[] w = new float[4 * 3];
    ByteBuffer f32 = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < w.length; i++) {
      f32.putFloat(i * 0.5f - 1);
    }
    f32.flip();
    ByteBuffer q8 = ByteBuffer.allocate(2 * 34);
    for (int i = 0; i < q8.capacity(); i++) {
      q8.put(i, (byte) i);
    }
    Path p = tmp.resolve("sample.gguf");
    new GgufWriter()
        .putString("general.architecture", "llama")
        .putUint32("llama.context_length", 4_000_000_000L)
        .putInt32("int32", -7)
        .put("int64", Long.MIN_VALUE)
        .put("uint8", GgufValueType.UINT8, 255)
        .put("int8", GgufValueType.INT8, -128)
        .put("uint16", GgufValueType.UINT16, 65535)
        .put("int16", GgufValueType.INT16, -32768)
        .putUint64("uint64", -1L)
        .putFloat32("f32", 0.25f)
        .put("f64", 1e300)
        .putBool("yes", true)
        .putBool("no", false)
        .putString("unicode", "Grüße ▁ 😀")
        .putStringArray("strings", "a", "", "ü")
        .putInt32Array("ints", 1, -2, 3)
        .putArray("u8s", GgufValueType.UINT8, new int[] {0, 255})
        .putArray("u32s", GgufValueType.UINT32, new long[] {4_000_000_000L})
        .putFloat32Array("floats", 1.5f, -0f)
        .put("doubles", new double[] {2.5})
        .put("bools", new boolean[] {true, false})
        .addTensor("w", GgmlType.F32, new long[] {4, 3}, f32)
        .addTensor("q", GgmlType.Q8_0, new long[] {32, 2}, q8)
        .addTensor("one", GgmlType.F16, new long[] {1}, ByteBuffer.wrap(new byte[] {0, 0x3c}))
        .write(p);
    return p;
  }

  @Test
  void writeThenRead_roundTripsEveryValueTypeAndTensor() throws Exception {
    try (GgufFile f = GgufFile.open(writeSample())) {
      assertEquals(3, f.version());
      assertEquals("llama", f.architecture());
      assertEquals(4_000_000_000L, f.requireLong("llama.context_length"));
      assertThrows(GgufFormatException.class, () -> f.requireInt("llama.context_length"));
      assertEquals(-7, f.requireInt("int32"));
      assertEquals(Long.MIN_VALUE, f.requireLong("int64"));
      assertEquals(255, f.requireInt("uint8"));
      assertEquals(-128, f.requireInt("int8"));
      assertEquals(65535, f.requireInt("uint16"));
      assertEquals(-32768, f.requireInt("int16"));
      assertEquals(-1L, f.requireLong("uint64"));
      assertEquals(0.25f, f.metadata().get("f32"));
      assertEquals(1e300, f.metadata().get("f64"));
      assertEquals(Boolean.TRUE, f.getBoolean("yes").orElseThrow());
      assertEquals(Boolean.FALSE, f.getBoolean("no").orElseThrow());
      assertEquals("Grüße ▁ 😀", f.requireString("unicode"));
      assertArrayEquals(new String[] {"a", "", "ü"}, f.requireStringArray("strings"));
      assertArrayEquals(new int[] {1, -2, 3}, (int[]) f.metadata().get("ints"));
      assertArrayEquals(new int[] {0, 255}, (int[]) f.metadata().get("u8s"));
      assertArrayEquals(new long[] {4_000_000_000L}, (long[]) f.metadata().get("u32s"));
      assertThrows(GgufFormatException.class, () -> f.requireIntArray("u32s"));
      assertArrayEquals(new float[] {1.5f, -0f}, f.requireFloatArray("floats"));
      assertArrayEquals(new double[] {2.5}, (double[]) f.metadata().get("doubles"));
      assertArrayEquals(new boolean[] {true, false}, (boolean[]) f.metadata().get("bools"));
      assertEquals(GgufValueType.UINT16, f.valueType("uint16").orElseThrow());

      List<TensorInfo> ts = f.tensors();
      assertEquals(List.of("w", "q", "one"), ts.stream().map(TensorInfo::name).toList());
      for (TensorInfo t : ts) {
        assertEquals(0, t.offset() % 32, "aligned " + t.name());
      }
      ByteBuffer w = f.tensorData("w").buffer();
      assertEquals(48, w.remaining());
      assertEquals(-1f, w.getFloat(0));
      assertEquals(4.5f, w.getFloat(44));
      assertEquals(-1f + 0.5f * 8, f.tensorData("w").row(2).getFloat(0));
      TensorInfo q = f.tensor("q").orElseThrow();
      assertEquals(GgmlType.Q8_0, q.type());
      assertEquals(68, q.byteSize());
      assertEquals(34, q.rowBytes());
      assertEquals(33, f.tensorData("q").row(0).get(33));
      assertEquals(34, f.tensorData("q").row(1).get(0));
      assertEquals(0x3c, f.tensorData("one").buffer().get(1));
    }
  }

  @Test
  void open_readsVersion2() throws Exception {
    byte[] b = Files.readAllBytes(writeSample());
    b[4] = 2; // version field, little-endian uint32 after the magic
    Path v2 = tmp.resolve("v2.gguf");
    Files.write(v2, b);
    try (GgufFile f = GgufFile.open(v2)) {
      assertEquals(2, f.version());
      assertEquals(3, f.tensors().size());
    }
  }

  @Test
  void writeThenRead_honoursCustomAlignment() throws Exception {
    Path p = tmp.resolve("aligned.gguf");
    new GgufWriter()
        .alignment(256)
        .addTensor("a", GgmlType.F32, new long[] {3}, ByteBuffer.allocate(12))
        .addTensor("b", GgmlType.I8, new long[] {5}, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}))
        .write(p);
    try (GgufFile f = GgufFile.open(p)) {
      assertEquals(256, f.alignment());
      assertEquals(GgufValueType.UINT32, f.valueType("general.alignment").orElseThrow());
      for (TensorInfo t : f.tensors()) {
        assertEquals(0, t.offset() % 256, t.name());
      }
      assertEquals(5, f.tensorData("b").buffer().get(4));
    }
  }

  @Test
  void open_rejectsTruncationAtEveryByte() throws Exception {
    Path sample = writeSample();
    byte[] whole = Files.readAllBytes(sample);
    long end;
    try (GgufFile f = GgufFile.open(sample)) {
      end = f.tensors().stream().mapToLong(t -> t.offset() + t.byteSize()).max().orElseThrow();
    }
    Path cut = tmp.resolve("cut.gguf");
    // Only the padding after the last tensor's data may go.
    for (int n = 0; n < end; n++) {
      Files.write(cut, Arrays.copyOf(whole, n));
      int len = n;
      assertThrows(GgufFormatException.class, () -> GgufFile.open(cut), "truncated at " + len);
    }
  }

  @Test
  void open_failsOnlyWithFormatExceptionOnCorruptedBytes() throws Exception {
    byte[] whole = Files.readAllBytes(writeSample());
    java.util.Random random = new java.util.Random(42);
    Path bad = tmp.resolve("bad.gguf");
    for (int round = 0; round < 400; round++) {
      byte[] b = whole.clone();
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        int at = random.nextInt(Math.min(b.length, 900));
        b[at] =
            (byte) (random.nextBoolean() ? random.nextInt(256) : b[at] ^ (1 << random.nextInt(8)));
      }
      Files.write(bad, b);
      try (GgufFile f = GgufFile.open(bad)) {
        assertEquals(3, f.tensors().size()); // the flip hit something harmless
      } catch (GgufFormatException expected) {
        // fail closed
      }
    }
  }

  @Test
  void open_rejectsTruncatedRealModel() throws Exception {
    Path p = shared().resolve("models/tiny-random/llama-2-tiny-random.gguf");
    assumeTrue(Files.exists(p));
    byte[] whole = Files.readAllBytes(p);
    Path cut = tmp.resolve("cut.gguf");
    List<Integer> cuts = new java.util.ArrayList<>();
    for (int n = 0; n < whole.length; n += 97_001) {
      cuts.add(n);
    }
    cuts.add(whole.length - 1); // the last tensor loses its last byte
    for (int n : cuts) {
      Files.write(cut, Arrays.copyOf(whole, n));
      GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(cut));
      assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    }
  }

  /** A little-endian GGUF header built by hand, to say things a writer would not. */
  static final class Raw {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Raw u32(long v) {
      for (int i = 0; i < 4; i++) {
        out.write((int) (v >>> (8 * i)));
      }
      return this;
    }

    Raw u64(long v) {
      for (int i = 0; i < 8; i++) {
        out.write((int) (v >>> (8 * i)));
      }
      return this;
    }

    Raw str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u64(b.length);
      out.writeBytes(b);
      return this;
    }

    Raw bytes(int... b) {
      for (int x : b) {
        out.write(x);
      }
      return this;
    }

    Raw header(long tensors, long kvs) {
      return u32(GgufFile.MAGIC).u32(3).u64(tensors).u64(kvs);
    }

    Raw pad(int n) {
      out.writeBytes(new byte[n]);
      return this;
    }
  }

  private String rejects(Raw raw) throws IOException {
    Path p = tmp.resolve("hostile.gguf");
    Files.write(p, raw.out.toByteArray());
    GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(p));
    assertTrue(e.getMessage().startsWith(p.toString()), "message names the file");
    return e.getMessage();
  }

  private static void assertMentions(String message, String part) {
    assertTrue(message.contains(part), message + " should mention " + part);
  }

  @Test
  void open_rejectsBadMagicAndVersion() throws Exception {
    assertMentions(rejects(new Raw().u32(0x12345678).u32(3).u64(0).u64(0)), "bad magic");
    assertMentions(
        rejects(new Raw().u32(GgufFile.MAGIC).u32(1).u64(0).u64(0)), "unsupported GGUF version 1");
    assertMentions(
        rejects(new Raw().u32(GgufFile.MAGIC).u32(0x03000000).u64(0).u64(0)), "big-endian");
  }

  @Test
  void open_rejectsHostileCounts() throws Exception {
    assertMentions(rejects(new Raw().header(-1, 0)), "tensor count");
    assertMentions(rejects(new Raw().header(1L << 40, 0)), "tensor count");
    assertMentions(rejects(new Raw().header(0, 1L << 40)), "metadata count");
    // Within the caps, but more than the file could hold.
    assertMentions(rejects(new Raw().header(0, 1000).pad(100)), "metadata count");
  }

  @Test
  void open_rejectsHostileLengths() throws Exception {
    assertMentions(rejects(new Raw().header(0, 1).u64(1L << 40).pad(16)), "exceeds");
    assertMentions(
        rejects(new Raw().header(0, 1).str("k").u32(8).u64(Long.MAX_VALUE).pad(16)), "exceeds");
    assertMentions(rejects(new Raw().header(0, 1).str("k").u32(8).u64(1000).pad(16)), "truncated");
    assertMentions(
        rejects(new Raw().header(0, 1).str("k").u32(9).u32(5).u64(1L << 62).pad(16)),
        "array length");
    assertMentions(
        rejects(new Raw().header(0, 1).str("k").u32(9).u32(8).u64(1_000_000).pad(64)),
        "array length");
    // Arrays of arrays of arrays.
    assertMentions(
        rejects(new Raw().header(0, 1).str("k").u32(9).u32(9).u64(1).u32(9).u64(1).pad(64)),
        "nests arrays");
  }

  @Test
  void open_rejectsBadValues() throws Exception {
    assertMentions(rejects(new Raw().header(0, 1).str("k").u32(13).pad(8)), "unknown value type");
    assertMentions(rejects(new Raw().header(0, 1).str("k").u32(7).bytes(2)), "bool value 2");
    assertMentions(
        rejects(new Raw().header(0, 1).str("k").u32(8).u64(2).bytes(0xc3, 0x28)), "UTF-8");
    assertMentions(
        rejects(new Raw().header(0, 2).str("k").u32(4).u32(1).str("k").u32(4).u32(1)),
        "duplicate metadata key k");
    assertMentions(
        rejects(new Raw().header(0, 1).str("general.alignment").u32(4).u32(48)),
        "general.alignment");
    assertMentions(
        rejects(new Raw().header(0, 1).str("general.alignment").u32(4).u32(0)),
        "general.alignment");
  }

  private static Raw oneTensor(int nDims, long[] dims, long type, long offset) {
    Raw r = new Raw().header(1, 0).str("t").u32(nDims);
    for (long d : dims) {
      r.u64(d);
    }
    return r.u32(type).u64(offset);
  }

  @Test
  void open_rejectsHostileTensorInfos() throws Exception {
    assertMentions(rejects(oneTensor(5, new long[] {1, 1, 1, 1, 1}, 0, 0).pad(64)), "5 dims");
    assertMentions(rejects(oneTensor(0, new long[] {}, 0, 0).pad(64)), "0 dims");
    assertMentions(rejects(oneTensor(1, new long[] {0}, 0, 0).pad(64)), "dimension 0");
    assertMentions(rejects(oneTensor(1, new long[] {-5}, 0, 0).pad(64)), "dimension");
    assertMentions(
        rejects(oneTensor(3, new long[] {1L << 31, 1L << 31, 1L << 31}, 0, 0).pad(64)),
        "overflows");
    assertMentions(
        rejects(oneTensor(2, new long[] {1L << 31, 1L << 31}, 0, 0).pad(64)), "byte size");
    assertMentions(
        rejects(oneTensor(1, new long[] {4}, 4, 0).pad(64)), "unknown ggml tensor type id 4");
    assertMentions(
        rejects(oneTensor(1, new long[] {4}, 0xffff_ffffL, 0).pad(64)), "unknown ggml tensor");
    assertMentions(rejects(oneTensor(1, new long[] {16}, 8, 0).pad(64)), "not whole Q8_0 blocks");
    assertMentions(rejects(oneTensor(1, new long[] {4}, 0, 8).pad(64)), "offset 8 invalid");
    assertMentions(rejects(oneTensor(1, new long[] {4}, 0, 1L << 62).pad(64)), "beyond the end");
    assertMentions(rejects(oneTensor(1, new long[] {1024}, 0, 0).pad(64)), "beyond the end");
    Raw overlap = new Raw().header(2, 0).str("a").u32(1).u64(16).u32(0).u64(0);
    overlap.str("b").u32(1).u64(16).u32(0).u64(32).pad(200);
    assertMentions(rejects(overlap), "overlap");
    Raw dup = new Raw().header(2, 0).str("a").u32(1).u64(8).u32(0).u64(0);
    dup.str("a").u32(1).u64(8).u32(0).u64(32).pad(200);
    assertMentions(rejects(dup), "duplicate tensor a");
  }

  @Test
  void open_splitsTensorsLargerThanOneWindowIntoWholeRows() throws Exception {
    // A sparse 1.6 GiB file: "big" F32 of 400,000 rows of 4 KiB, then "small".
    long rows = 400_000;
    Raw r = new Raw().header(2, 0);
    r.str("big").u32(2).u64(1024).u64(rows).u32(0).u64(0);
    r.str("small").u32(1).u64(8).u32(0).u64(rows * 4096);
    int header = r.out.size();
    long dataOffset = (header + 31) / 32 * 32;
    Path p = tmp.resolve("big.gguf");
    Files.write(p, r.out.toByteArray());
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(dataOffset + rows * 4096 + 32);
      f.seek(dataOffset + (rows - 1) * 4096);
      f.write(new byte[] {0, 0, (byte) 0x80, 0x3f}); // 1.0f, little-endian
      f.seek(dataOffset + rows * 4096 + 4);
      f.write(new byte[] {0, 0, 0, 0x40}); // 2.0f
    }
    try (GgufFile f = GgufFile.open(p)) {
      TensorData big = f.tensorData("big");
      assertEquals(2, big.segmentCount());
      assertEquals(GgufFile.MAX_WINDOW_BYTES / 4096, big.rowsPerSegment());
      assertThrows(IllegalStateException.class, big::buffer);
      assertEquals(1.0f, big.row(rows - 1).getFloat(0));
      assertEquals((rows - big.rowsPerSegment()) * 4096, big.segment(1).remaining());
      assertEquals(2.0f, f.tensorData("small").buffer().getFloat(4));
    }
  }

  @Test
  void ggmlType_knowsLayouts() throws Exception {
    assertEquals(GgmlType.Q4_K, GgmlType.fromId(12));
    assertEquals(144, GgmlType.Q4_K.bytesPerBlock());
    assertEquals(256, GgmlType.Q6_K.blockSize());
    assertEquals(210, GgmlType.Q6_K.bytesPerBlock());
    assertEquals(34L * 4, GgmlType.Q8_0.byteSize(128));
    assertTrue(GgmlType.BF16.supported());
    assertFalse(GgmlType.Q5_K.supported());
    assertThrows(GgufFormatException.class, () -> GgmlType.fromId(31));
    assertThrows(ArithmeticException.class, () -> GgmlType.Q4_0.byteSize(33));
  }

  @Test
  void writer_rejectsMismatchedTensorBytesAndValues() {
    GgufWriter w = new GgufWriter();
    assertThrows(
        IllegalArgumentException.class,
        () -> w.addTensor("x", GgmlType.F32, new long[] {4}, ByteBuffer.allocate(15)));
    assertThrows(
        IllegalArgumentException.class,
        () -> w.addTensor("x", GgmlType.Q4_0, new long[] {16}, ByteBuffer.allocate(9)));
    assertThrows(IllegalArgumentException.class, () -> w.putUint32("k", -1));
    assertThrows(IllegalArgumentException.class, () -> w.put("k", GgufValueType.UINT8, 256));
    assertThrows(IllegalArgumentException.class, () -> w.put("k", new Object()));
  }
}
