package dev.incognito.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.gguf.GgufFile;
import dev.incognito.inference.gguf.GgufWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizersTest {

  @TempDir Path tmp;

  private static final Map<String, Tokenizer> CACHE = new HashMap<>();

  static Path shared(String first, String... more) {
    String dir = System.getProperty("incognito.shared.dir");
    Path p = dir == null ? null : Path.of(dir, first).resolve(String.join("/", more));
    assumeTrue(p != null && Files.exists(p), "shared test data absent");
    return p;
  }

  static synchronized Tokenizer gguf(String name) throws Exception {
    Tokenizer t = CACHE.get(name);
    if (t == null) {
      try (GgufFile f = GgufFile.open(shared("testdata", "tokenizers", name))) {
        t = Tokenizers.fromGguf(f);
      }
      CACHE.put(name, t);
    }
    return t;
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void spm_addsBosAsMetadataSaysAndSpellsBytesAndSpaces() throws Exception {
    Tokenizer t = gguf("ggml-vocab-llama-spm.gguf");
    assertEquals(32000, t.vocabSize());
    assertEquals(1, t.bos());
    assertEquals(2, t.eos());
    int hello = t.tokenId("▁Hello");
    int world = t.tokenId("▁world");
    assertTrue(hello > 0 && world > 0);
    assertArrayEquals(new int[] {1, hello, world}, t.encode("Hello world", true));
    assertArrayEquals(new int[] {hello, world}, t.encode("Hello world", false));
    assertEquals(" Hello", str(t.tokenBytes(hello)));
    assertArrayEquals(new byte[] {10}, t.tokenBytes(t.tokenId("<0x0A>")));
    assertEquals(0, t.tokenBytes(1).length, "BOS is a control token");
    assertEquals("<s>", str(t.tokenBytes(1, true)));
    assertEquals("Hello world", t.decode(new int[] {1, hello, world, 2}));
    assertTrue(t.isEndOfGeneration(2));
    assertFalse(t.isEndOfGeneration(hello));
    assertTrue(t.chatTemplate().isEmpty());
    // Control text is parsed only when asked.
    assertArrayEquals(new int[] {1, hello}, t.encode("<s>Hello", false, true));
    assertNotEquals(1, t.encode("<s>Hello", false, false)[0]);
  }

  @Test
  void phi3_endsGenerationAtEndOfTurnAndShipsTemplate() throws Exception {
    Tokenizer t = gguf("ggml-vocab-phi-3.gguf");
    int end = t.tokenId("<|end|>");
    assertTrue(end > 0);
    assertTrue(t.isEndOfGeneration(end));
    assertTrue(t.isEndOfGeneration(t.eos()));
    assertTrue(t.chatTemplate().orElseThrow().contains("<|user|>"));
    int user = t.tokenId("<|user|>");
    int[] ids = t.encode("<|user|>\nHi<|end|>", false);
    assertEquals(user, ids[0]);
    assertEquals(end, ids[ids.length - 1]);
  }

  @Test
  void llama3_parsesSpecialTokensAndDecodesByteLevel() throws Exception {
    Tokenizer t = gguf("ggml-vocab-llama-bpe.gguf");
    assertEquals(128000, t.bos());
    assertArrayEquals(new int[] {128000, 9906}, t.encode("Hello", true));
    int eot = t.tokenId("<|eot_id|>");
    assertEquals(128009, eot);
    assertTrue(t.isEndOfGeneration(eot));
    assertTrue(t.isEndOfGeneration(128001));
    int[] ids = t.encode("<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>", false);
    assertEquals(t.tokenId("<|start_header_id|>"), ids[0]);
    assertEquals(eot, ids[ids.length - 1]);
    int[] plain = t.encode("<|eot_id|>", false, false);
    assertTrue(plain.length > 1, "control text stays text when not parsed");
    assertEquals(" world", str(t.tokenBytes(t.tokenId("Ġworld"))));
    assertEquals("<|eot_id|>", str(t.tokenBytes(eot, true)));
    assertEquals(0, t.tokenBytes(eot).length);
    assertEquals("Hello", t.decode(t.encode("Hello", true)));
  }

  @Test
  void qwen2_encodesChatMarkup() throws Exception {
    Tokenizer t = gguf("ggml-vocab-qwen2.gguf");
    assertArrayEquals(
        new int[] {151644, 872, 198, 9707, 151645, 198},
        t.encode("<|im_start|>user\nHello<|im_end|>\n", true));
    assertTrue(t.isEndOfGeneration(151645));
    assertTrue(t.isEndOfGeneration(151643));
    assertTrue(t.chatTemplate().orElseThrow().contains("<|im_start|>"));
  }

  /** Random text of letters, digits, spaces, punctuation, CJK, emoji and controls. */
  static String randomText(java.util.Random r, int length) {
    int[][] ranges = {
      {0x20, 0x7e},
      {0x09, 0x0d},
      {0xa0, 0x17f},
      {0x400, 0x4ff},
      {0x4e00, 0x4fff},
      {0x1f600, 0x1f64f},
      {0x2000, 0x206f},
      {0x30, 0x39}
    };
    StringBuilder b = new StringBuilder();
    while (b.length() < length) {
      int[] range = ranges[r.nextInt(ranges.length)];
      b.appendCodePoint(range[0] + r.nextInt(range[1] - range[0] + 1));
    }
    return b.toString();
  }

  @Test
  void decode_invertsEncodeOnRandomText() throws Exception {
    java.util.Random r = new java.util.Random(7);
    for (String name :
        List.of(
            "ggml-vocab-llama-spm.gguf", "ggml-vocab-llama-bpe.gguf", "ggml-vocab-qwen2.gguf")) {
      Tokenizer t = gguf(name);
      for (int i = 0; i < 200; i++) {
        String text = randomText(r, 1 + r.nextInt(40));
        // SentencePiece drops one leading space on decode: the prefix it added.
        assertEquals(text, t.decode(t.encode(text, true, false)), name);
      }
    }
  }

  @Test
  void encode_rejectsLoneSurrogatesAndOverlongInput() throws Exception {
    Tokenizer t = gguf("ggml-vocab-llama-spm.gguf");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.encode("a\uD83D", false));
    assertTrue(e.getMessage().contains("lone high surrogate at index 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.encode("\uDE00b", false));
    assertThrows(IllegalArgumentException.class, () -> t.encode("\uDE00\uD83D", false));
    assertEquals("😀", t.decode(t.encode("😀", false)));
    String big = "a".repeat(Tokenizer.MAX_INPUT_CHARS + 1);
    assertThrows(IllegalArgumentException.class, () -> t.encode(big, false));
    assertThrows(IndexOutOfBoundsException.class, () -> t.tokenBytes(32000));
  }

  /** Expected ids from a Python port of karpathy/llama2.c run.c encode(). */
  @Test
  void llama2c_matchesReferenceEncoder() throws Exception {
    Tokenizer t = Tokenizers.fromLlama2c(shared("models", "stories260K", "tok512.bin"), 512);
    assertArrayEquals(new int[] {1, 403, 407, 261, 378}, t.encode("Once upon a time", true));
    assertArrayEquals(
        new int[] {
          1, 317, 269, 368, 302, 263, 377, 267, 265, 282, 295, 433, 426, 342, 394, 261, 370, 400,
          428, 443
        },
        t.encode("Lily and Ben went to the park. They saw a big dog!", true));
    assertArrayEquals(
        new int[] {
          1, 270, 485, 306, 414, 263, 198, 185, 420, 341, 410, 229, 155, 134, 410, 243, 162, 155,
          131
        },
        t.encode("héllo wörld ☃ 😀", true));
    assertArrayEquals(
        new int[] {
          1, 410, 410, 259, 424, 414, 410, 262, 427, 412, 331, 419, 13, 416, 411, 424, 278, 271, 411
        },
        t.encode("  two  spaces\nnew line", true));
    assertEquals("Once upon a time", t.decode(t.encode("Once upon a time", true)));
    assertEquals("héllo wörld ☃ 😀", t.decode(t.encode("héllo wörld ☃ 😀", true)));
    assertEquals(1, t.bos());
    assertEquals(2, t.eos());
    assertArrayEquals(new int[0], t.encode("", false));
  }

  @Test
  void llama2c_rejectsTruncatedFile() throws Exception {
    byte[] whole = Files.readAllBytes(shared("models", "stories260K", "tok512.bin"));
    Path cut = tmp.resolve("tok.bin");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 3));
    TokenizerFormatException e =
        assertThrows(TokenizerFormatException.class, () -> Tokenizers.fromLlama2c(cut, 512));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
  }

  /**
   * Expected ids from a Python port of Hugging Face tokenizers' BPE (normalizer Prepend and
   * Replace, merges by rank, unknown code points fused into one unk) and its post-processor.
   */
  @Test
  void tokenizerJson_tinyStories656kMatchesReferenceEncoder() throws Exception {
    Tokenizer t =
        Tokenizers.fromTokenizerJson(shared("models", "tinystories-656k", "tokenizer.json"));
    assertEquals(2048, t.vocabSize());
    assertEquals(1, t.bos());
    assertEquals(2, t.eos());
    assertArrayEquals(
        new int[] {1, 80, 147, 201, 282, 215, 286, 598, 629, 10},
        t.encode("Once upon a time, there was a little girl named Lily.", true));
    assertArrayEquals(
        new int[] {1, 80, 892, 1083, 610, 57, 4}, t.encode("She liked to play outside!", true));
    assertArrayEquals(
        new int[] {1, 80, 388, 174, 1608, 5, 51, 67, 0, 228, 295, 58, 0, 80, 0, 80, 124, 15, 13, 5},
        t.encode("Tom said: \"Zoë's café ☃☃ is 42\"", true));
    assertArrayEquals(
        new int[] {1, 80, 80, 80, 56, 99, 821, 80, 415, 53, 682},
        t.encode("  double  space", true));
    assertEquals(
        "Once upon a time, there was a little girl named Lily.",
        t.decode(t.encode("Once upon a time, there was a little girl named Lily.", true)));
    assertTrue(t.isEndOfGeneration(2));
    assertArrayEquals(new int[] {1, 2}, t.encode("<|start_story|><|end_story|>", false));
  }

  @Test
  void tokenizerJson_metaspacePreTokenizerSpellsLikePrependNormalizer() throws Exception {
    Path orig = shared("models", "tinystories-656k", "tokenizer.json");
    jakarta.json.JsonObject root;
    try (jakarta.json.JsonReader r =
        jakarta.json.Json.createReader(Files.newBufferedReader(orig))) {
      root = r.readObject();
    }
    jakarta.json.JsonObject metaspace =
        jakarta.json.Json.createObjectBuilder()
            .add("type", "Metaspace")
            .add("replacement", "\u2581")
            .add("prepend_scheme", "first")
            .add("split", false)
            .build();
    jakarta.json.JsonObject changed =
        jakarta.json.Json.createObjectBuilder(root)
            .add("normalizer", jakarta.json.JsonValue.NULL)
            .add("pre_tokenizer", metaspace)
            .build();
    Path p = tmp.resolve("tokenizer.json");
    Files.writeString(p, changed.toString());
    Tokenizer meta = Tokenizers.fromTokenizerJson(p);
    Tokenizer prepend = Tokenizers.fromTokenizerJson(orig);
    for (String text :
        List.of("Once upon a time, there was a little girl named Lily.", "double  space", "x")) {
      assertArrayEquals(prepend.encode(text, false), meta.encode(text, false), text);
    }
    // Metaspace adds no ▁ to text that starts with one; the Prepend normalizer always does.
    assertEquals(prepend.encode("  x", false).length, meta.encode("  x", false).length + 1);
    // Without tokenizer_config.json beside it, BOS comes from the post-processor.
    assertEquals(1, meta.bos());
    assertEquals(1, meta.encode("x", true)[0]);
  }

  @Test
  void fromGguf_tinyRandomModelHasTheLlamaTokenizer() throws Exception {
    Tokenizer spm = gguf("ggml-vocab-llama-spm.gguf");
    Tokenizer tiny;
    try (GgufFile f = GgufFile.open(shared("models", "tiny-random", "llama-2-tiny-random.gguf"))) {
      tiny = Tokenizers.fromGguf(f);
    }
    String text = "Once upon a time, 42 dragons said: \"héllo\"\n";
    assertArrayEquals(spm.encode(text, true), tiny.encode(text, true));
  }

  private Path synthetic(java.util.function.Consumer<GgufWriter> setup) throws Exception {
    GgufWriter w =
        new GgufWriter()
            .putString("general.architecture", "llama")
            .putString("tokenizer.ggml.model", "llama")
            .putStringArray("tokenizer.ggml.tokens", "<unk>", "<s>", "</s>", "\u2581a", "a")
            .putFloat32Array("tokenizer.ggml.scores", 0, 0, 0, -1, -2)
            .putInt32Array("tokenizer.ggml.token_type", 2, 3, 3, 1, 1);
    setup.accept(w);
    Path p = tmp.resolve("synthetic.gguf");
    w.write(p);
    return p;
  }

  private String rejects(Path p) throws Exception {
    try (GgufFile f = GgufFile.open(p)) {
      TokenizerFormatException e =
          assertThrows(TokenizerFormatException.class, () -> Tokenizers.fromGguf(f));
      assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
      return e.getMessage();
    }
  }

  @Test
  void fromGguf_acceptsSyntheticVocabulary() throws Exception {
    try (GgufFile f = GgufFile.open(synthetic(w -> {}))) {
      Tokenizer t = Tokenizers.fromGguf(f);
      assertArrayEquals(new int[] {1, 3, 4}, t.encode("aa", true));
      assertEquals("aa", t.decode(new int[] {1, 3, 4}));
    }
  }

  @Test
  void fromGguf_rejectsInconsistentMetadata() throws Exception {
    assertTrue(
        rejects(synthetic(w -> w.putString("tokenizer.ggml.model", "bert")))
            .contains("unsupported tokenizer.ggml.model bert"));
    assertTrue(
        rejects(synthetic(w -> w.putInt32Array("tokenizer.ggml.token_type", 1, 1)))
            .contains("token_type length"));
    assertTrue(
        rejects(synthetic(w -> w.putInt32Array("tokenizer.ggml.token_type", 2, 3, 3, 1, 9)))
            .contains("unknown token type 9"));
    assertTrue(
        rejects(synthetic(w -> w.putUint32("tokenizer.ggml.bos_token_id", 5)))
            .contains("out of range"));
    assertTrue(
        rejects(synthetic(w -> w.putFloat32Array("tokenizer.ggml.scores", 0, 0)))
            .contains("scores"));
    assertTrue(
        rejects(
                synthetic(
                    w ->
                        w.putString("tokenizer.ggml.model", "gpt2")
                            .putString("tokenizer.ggml.pre", "mystery")
                            .putStringArray("tokenizer.ggml.merges", "a a")))
            .contains("unsupported tokenizer.ggml.pre mystery"));
    assertTrue(
        rejects(synthetic(w -> w.putString("tokenizer.ggml.model", "gpt2")))
            .contains("missing metadata key tokenizer.ggml.merges"));
    assertTrue(
        rejects(
                synthetic(
                    w ->
                        w.putString("tokenizer.ggml.model", "gpt2")
                            .putStringArray("tokenizer.ggml.merges", "a a")))
            .contains("lacks the symbol of byte 0"));
    assertTrue(
        rejects(synthetic(w -> w.putInt32("tokenizer.ggml.unknown_token_id", -1)))
            .contains("no token for byte 0"));
  }

  @Test
  void tokenizerJson_rejectsUnsupportedModel() throws Exception {
    Path p = tmp.resolve("tokenizer.json");
    Files.writeString(p, "{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}");
    TokenizerFormatException e =
        assertThrows(TokenizerFormatException.class, () -> Tokenizers.fromTokenizerJson(p));
    assertTrue(e.getMessage().contains("unsupported model type Unigram"), e.getMessage());
    Files.writeString(p, "{not json");
    assertThrows(TokenizerFormatException.class, () -> Tokenizers.fromTokenizerJson(p));
  }
}
