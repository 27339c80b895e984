package dev.incognito.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.gguf.GgufFile;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level {@code tokenizer.json} path, checked against llama.cpp's vectors: the Llama 3 and
 * Qwen2 vocabularies of the test GGUF files are written out the way their Hugging Face {@code
 * tokenizer.json} files spell them (Split with the model's own regular expression, then ByteLevel
 * without its regex; Qwen2 with an NFC normalizer; Llama 3 with {@code ignore_merges} and a
 * post-processor that adds {@code <|begin_of_text|>}).
 */
class HfTokenizerJsonTest {

  @TempDir Path tmp;

  static final String LLAMA3_REGEX =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
          + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
  static final String QWEN2_REGEX =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
          + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private Path writeTokenizerJson(String gguf, String regex, boolean nfc, String bosText)
      throws Exception {
    String dir = System.getProperty("incognito.shared.dir");
    Path p = dir == null ? null : Path.of(dir, "testdata/tokenizers", gguf);
    assumeTrue(p != null && Files.exists(p), "tokenizer test data absent");
    String[] tokens;
    int[] types;
    String[] merges;
    try (GgufFile f = GgufFile.open(p)) {
      tokens = f.requireStringArray("tokenizer.ggml.tokens");
      types = f.requireIntArray("tokenizer.ggml.token_type");
      merges = f.requireStringArray("tokenizer.ggml.merges");
    }
    Path out = tmp.resolve(gguf).resolve("tokenizer.json");
    Files.createDirectories(out.getParent());
    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        JsonGenerator g = Json.createGenerator(w)) {
      g.writeStartObject();
      g.writeStartArray("added_tokens");
      for (int i = 0; i < tokens.length; i++) {
        if (types[i] != 1) {
          g.writeStartObject()
              .write("id", i)
              .write("content", tokens[i])
              .write("special", types[i] == 3)
              .writeEnd();
        }
      }
      g.writeEnd();
      if (nfc) {
        g.writeStartObject("normalizer").write("type", "NFC").writeEnd();
      } else {
        g.writeNull("normalizer");
      }
      g.writeStartObject("pre_tokenizer").write("type", "Sequence");
      g.writeStartArray("pretokenizers");
      g.writeStartObject().write("type", "Split");
      g.writeStartObject("pattern").write("Regex", regex).writeEnd();
      g.write("behavior", "Isolated").write("invert", false).writeEnd();
      g.writeStartObject()
          .write("type", "ByteLevel")
          .write("add_prefix_space", false)
          .write("use_regex", false)
          .writeEnd();
      g.writeEnd().writeEnd();
      if (bosText != null) {
        g.writeStartObject("post_processor").write("type", "TemplateProcessing");
        g.writeStartArray("single");
        g.writeStartObject().writeStartObject("SpecialToken").write("id", bosText).writeEnd();
        g.writeEnd();
        g.writeStartObject().writeStartObject("Sequence").write("id", "A").writeEnd().writeEnd();
        g.writeEnd().writeEnd();
      }
      g.writeStartObject("model").write("type", "BPE").write("ignore_merges", bosText != null);
      g.writeNull("dropout");
      g.writeStartObject("vocab");
      for (int i = 0; i < tokens.length; i++) {
        if (types[i] == 1) {
          g.write(tokens[i], i);
        }
      }
      g.writeEnd();
      g.writeStartArray("merges");
      for (String m : merges) {
        g.write(m);
      }
      g.writeEnd().writeEnd();
      g.writeEnd();
    }
    return out;
  }

  private static void assertMatchesVectors(Tokenizer tok, String gguf) throws Exception {
    Path dir = VocabTestDataTest.dir();
    List<String> in = VocabTestDataTest.inputs(dir.resolve(gguf + ".inp"));
    List<String> out = Files.readAllLines(dir.resolve(gguf + ".out"), StandardCharsets.UTF_8);
    assertEquals(in.size(), out.size());
    for (int i = 0; i < in.size(); i++) {
      int[] expected = VocabTestDataTest.ids(out.get(i));
      int[] actual = tok.encode(in.get(i), false, false);
      String label = "#" + i + " " + VocabTestDataTest.escape(in.get(i));
      assertArrayEquals(expected, actual, () -> label + " gave " + Arrays.toString(actual));
      assertEquals(in.get(i), tok.decode(actual));
    }
  }

  @Test
  void llama3TokenizerJson_matchesLlamaCppVectors() throws Exception {
    Path json =
        writeTokenizerJson("ggml-vocab-llama-bpe.gguf", LLAMA3_REGEX, false, "<|begin_of_text|>");
    Tokenizer tok = Tokenizers.fromTokenizerJson(json);
    assertMatchesVectors(tok, "ggml-vocab-llama-bpe.gguf");
    assertEquals(128000, tok.bos());
    assertArrayEquals(new int[] {128000, 9906}, tok.encode("Hello", true));
    assertTrue(tok.isEndOfGeneration(tok.tokenId("<|eot_id|>")));
  }

  @Test
  void qwen2TokenizerJson_matchesLlamaCppVectors() throws Exception {
    Path json = writeTokenizerJson("ggml-vocab-qwen2.gguf", QWEN2_REGEX, true, null);
    Tokenizer tok = Tokenizers.fromTokenizerJson(json);
    assertMatchesVectors(tok, "ggml-vocab-qwen2.gguf");
    assertArrayEquals(
        new int[] {151644, 872, 198, 9707, 151645, 198},
        tok.encode("<|im_start|>user\nHello<|im_end|>\n", true));
    assertTrue(tok.isEndOfGeneration(151645));
  }
}
