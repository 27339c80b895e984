package dev.incognito.inference.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.gguf.GgmlType;
import dev.incognito.inference.gguf.GgufFile;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufConverterTest {

  @TempDir Path tmp;

  static Path models() {
    Path p = Path.of(System.getProperty("incognito.shared.dir", "../../shared"), "models");
    assumeTrue(Files.isDirectory(p), "shared models absent");
    return p;
  }

  @Test
  void q8_0_blockMatchesLlamaCppReference() throws Exception {
    float[] x = new float[32];
    for (int i = 0; i < 32; i++) {
      x[i] = (i - 16) * 0.25f; // -4.0 .. 3.75; max |x| = 4
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GgufConverter.writeQ8_0(x, out);
    byte[] b = out.toByteArray();
    assertEquals(34, b.length);
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    // d = 4 / 127 rounded to binary16
    assertEquals(Half.toFloat(Half.fromFloat(4f / 127f)), Half.toFloat(bb.getShort()));
    // q = roundf(x * 127 / 4): i = 0 → -127, i = 1 → roundf(-119.0625) = -119, i = 18 → 15.875 → 16
    assertEquals(-127, b[2]);
    assertEquals(-119, b[3]);
    assertEquals(0, b[2 + 16]);
    assertEquals(16, b[2 + 18]);
    assertEquals(119, b[2 + 31]);
  }

  @Test
  void q8_0_roundsHalfAwayFromZero() throws Exception {
    float[] x = new float[32];
    x[0] = 127f; // d = 1
    x[1] = 2.5f;
    x[2] = -2.5f;
    x[3] = 0.49999997f;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GgufConverter.writeQ8_0(x, out);
    byte[] b = out.toByteArray();
    assertEquals(3, b[3]);
    assertEquals(-3, b[4]);
    assertEquals(0, b[5]);
  }

  @Test
  void half_roundTripsAndRoundsToNearestEven() {
    for (float f : new float[] {0f, 1f, -2f, 65504f, 6.1035156e-5f, 5.9604645e-8f, 0.333f}) {
      float back = Half.toFloat(Half.fromFloat(f));
      assertEquals(f, back, Math.abs(f) * 1e-3f + 1e-7f, "value " + f);
    }
    assertEquals(0x3c00, Half.fromFloat(1f) & 0xffff);
    assertEquals(0x7c00, Half.fromFloat(1e6f) & 0xffff);
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1)
    assertEquals(0x3c00, Half.fromFloat(1f + 0x1p-11f) & 0xffff);
    assertEquals(0x3c02, Half.fromFloat(1f + 3 * 0x1p-11f) & 0xffff);
  }

  @Test
  void llama2c_convertsWithTokenizerAndSameWeights() throws Exception {
    Path bin = models().resolve("stories260K/stories260K.bin");
    Path out = tmp.resolve("s.gguf");
    GgufConverter.convert(bin, Optional.empty(), out, GgufConverter.Type.F32, s -> {});
    try (GgufFile g = GgufFile.open(out)) {
      assertEquals("llama", g.architecture());
      assertEquals(64, g.requireInt("llama.embedding_length"));
      assertEquals(5, g.requireInt("llama.block_count"));
      assertEquals(4, g.requireInt("llama.attention.head_count_kv"));
      assertEquals("llama", g.requireString("tokenizer.ggml.model"));
      String[] tokens = g.requireStringArray("tokenizer.ggml.tokens");
      assertEquals(512, tokens.length);
      assertEquals("<s>", tokens[1]);
      assertEquals("<0x0A>", tokens[13]);
      assertTrue(java.util.Arrays.asList(tokens).contains("\u2581the"));
      assertEquals(GgmlType.F32, g.tensor("token_embd.weight").orElseThrow().type());
      assertTrue(g.tensor("output.weight").isEmpty(), "shared classifier");
      float[] embd = new float[64 * 512];
      g.tensorData("token_embd.weight")
          .buffer()
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(embd);
      assertArrayEquals(Llama2cCheckpoint.readFloats(bin, 28, embd.length), embd);
    }
  }

  @Test
  void llama2c_ggufDecodesTheSameGreedyTokensAsTheCheckpoint() throws Exception {
    Path bin = models().resolve("stories260K/stories260K.bin");
    Path out = tmp.resolve("s.gguf");
    GgufConverter.convert(bin, Optional.empty(), out, GgufConverter.Type.F32, s -> {});
    int[] prompt = {1, 403, 407, 261, 378}; // BOS "Once upon a time"
    int[] fromBin = LlamaCppParityTest.greedy(bin, prompt, 32);
    assertArrayEquals(fromBin, LlamaCppParityTest.greedy(out, prompt, 32));
    // ", there was a little girl named Lily": the checkpoint's known story
    assertArrayEquals(
        new int[] {432, 383, 286, 261, 376, 298, 315, 421}, java.util.Arrays.copyOf(fromBin, 8));
  }

  @Test
  void huggingFace_ggufDecodesTheSameGreedyTokensAsTheFolder() throws Exception {
    Path folder = models().resolve("tinystories-656k");
    Path out = tmp.resolve("t.gguf");
    GgufConverter.convert(folder, Optional.empty(), out, GgufConverter.Type.F32, s -> {});
    int[] prompt = {1, 80, 147, 201, 282, 57}; // BOS "Once upon a time"
    assertArrayEquals(
        LlamaCppParityTest.greedy(folder, prompt, 32), LlamaCppParityTest.greedy(out, prompt, 32));
  }

  @Test
  void llama2c_q8_0KeepsNarrowMatricesInF32() throws Exception {
    Path bin = models().resolve("stories260K/stories260K.bin");
    Path out = tmp.resolve("s8.gguf");
    GgufConverter.convert(bin, Optional.empty(), out, GgufConverter.Type.Q8_0, s -> {});
    try (GgufFile g = GgufFile.open(out)) {
      assertEquals(GgmlType.Q8_0, g.tensor("blk.0.attn_q.weight").orElseThrow().type());
      // hidden 172 is not a multiple of 32: the down projection's rows cannot be blocked
      assertEquals(GgmlType.F32, g.tensor("blk.0.ffn_down.weight").orElseThrow().type());
      assertEquals(GgmlType.F32, g.tensor("blk.0.attn_norm.weight").orElseThrow().type());
      assertEquals(7, g.requireInt("general.file_type"));
    }
  }

  @Test
  void huggingFace_permutesQueryAndKeyToInterleavedPairs() throws Exception {
    Path folder = models().resolve("tinystories-656k");
    Path out = tmp.resolve("t.gguf");
    GgufConverter.convert(folder, Optional.empty(), out, GgufConverter.Type.F32, s -> {});
    SourceModel src = HuggingFaceCheckpoint.read(folder);
    try (GgufFile g = GgufFile.open(out)) {
      assertEquals("llama", g.requireString("tokenizer.ggml.model"));
      assertEquals(1, g.requireInt("tokenizer.ggml.bos_token_id"));
      assertEquals(2, g.requireInt("tokenizer.ggml.eos_token_id"));
      assertEquals(2048, g.requireStringArray("tokenizer.ggml.tokens").length);
      assertTrue(g.tensor("output.weight").isEmpty(), "tied embeddings");
      int dim = 128;
      int headDim = 16;
      float[] q = new float[dim * dim];
      g.tensorData("blk.1.attn_q.weight")
          .buffer()
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(q);
      float[] converted =
          src.tensors().stream()
              .filter(t -> t.name().equals("blk.1.attn_q.weight"))
              .findFirst()
              .orElseThrow()
              .values()
              .read();
      assertArrayEquals(converted, q);
      // row 2i+1 of head h in GGUF is row d/2 + i of that head in Hugging Face's layout
      int h = 3;
      int i = 2;
      float[] hf = readHf(folder, "model.layers.1.self_attn.q_proj.weight", dim * dim);
      for (int c = 0; c < dim; c++) {
        assertEquals(
            hf[(h * headDim + headDim / 2 + i) * dim + c], q[(h * headDim + 2 * i + 1) * dim + c]);
        assertEquals(hf[(h * headDim + i) * dim + c], q[(h * headDim + 2 * i) * dim + c]);
      }
    }
  }

  @Test
  void convert_rejectsTruncatedCheckpointNamingFile() throws Exception {
    Path bin = models().resolve("stories260K/stories260K.bin");
    Path cut = tmp.resolve("cut.bin");
    byte[] all = Files.readAllBytes(bin);
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 4));
    Files.copy(models().resolve("stories260K/tok512.bin"), tmp.resolve("tok512.bin"));
    ConversionException e =
        assertThrows(
            ConversionException.class,
            () ->
                GgufConverter.convert(
                    cut, Optional.empty(), tmp.resolve("o.gguf"), GgufConverter.Type.F32, s -> {}));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  /** Reads an F32 tensor straight from the safetensors header, independently of the reader. */
  private static float[] readHf(Path folder, String name, int count) throws Exception {
    byte[] all = Files.readAllBytes(folder.resolve("model.safetensors"));
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) b.getLong();
    String header = new String(all, 8, n, java.nio.charset.StandardCharsets.UTF_8);
    int at = header.indexOf("\"" + name + "\"");
    int offsets = header.indexOf("data_offsets", at);
    String nums = header.substring(header.indexOf('[', offsets) + 1, header.indexOf(']', offsets));
    long begin = Long.parseLong(nums.split(",")[0].trim());
    float[] out = new float[count];
    b.position((int) (8 + n + begin));
    b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
