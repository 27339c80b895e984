package dev.incognito.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.gguf.GgufFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * llama.cpp's tokenizer test vectors ({@code tests/test-tokenizer-0}): each {@code X.gguf.inp}
 * holds inputs, each followed by a line {@code __ggml_vocab_test__}; {@code X.gguf.out} the
 * expected ids, one input per line. The ids were produced without special tokens (no BOS), which
 * the data shows: no line starts with the BOS id.
 */
class VocabTestDataTest {

  static final String SEPARATOR = "\n__ggml_vocab_test__\n";

  static Path dir() {
    String shared = System.getProperty("incognito.shared.dir");
    Path p = shared == null ? null : Path.of(shared, "testdata", "tokenizers");
    assumeTrue(p != null && Files.isDirectory(p), "tokenizer test data absent");
    return p;
  }

  static List<String> inputs(Path inp) throws Exception {
    String text = Files.readString(inp, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    int from = 0;
    int at;
    while ((at = text.indexOf(SEPARATOR, from)) >= 0) {
      out.add(text.substring(from, at));
      from = at + SEPARATOR.length();
    }
    return out;
  }

  static int[] ids(String line) {
    String t = line.trim();
    return t.isEmpty()
        ? new int[0]
        : Arrays.stream(t.split("\\s+")).mapToInt(Integer::parseInt).toArray();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ggml-vocab-llama-spm.gguf",
        "ggml-vocab-phi-3.gguf",
        "ggml-vocab-llama-bpe.gguf",
        "ggml-vocab-qwen2.gguf"
      })
  void encode_matchesLlamaCppExpectations(String name) throws Exception {
    Path gguf = dir().resolve(name);
    List<String> in = inputs(dir().resolve(name + ".inp"));
    List<String> out = Files.readAllLines(dir().resolve(name + ".out"), StandardCharsets.UTF_8);
    assertEquals(in.size(), out.size(), "inputs and outputs pair up");
    Tokenizer tok;
    try (GgufFile f = GgufFile.open(gguf)) {
      tok = Tokenizers.fromGguf(f);
    }
    int failures = 0;
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < in.size(); i++) {
      int[] expected = ids(out.get(i));
      int[] actual = tok.encode(in.get(i), false, false);
      if (!Arrays.equals(expected, actual)) {
        failures++;
        report
            .append("\n#")
            .append(i)
            .append(" ")
            .append(escape(in.get(i)))
            .append("\n  expected ")
            .append(Arrays.toString(expected))
            .append("\n  actual   ")
            .append(Arrays.toString(actual));
      }
      String back = tok.decode(actual);
      if (!back.equals(in.get(i))) {
        failures++;
        report.append("\n#").append(i).append(" decodes to ").append(escape(back));
      }
    }
    assertEquals(0, failures, name + ":" + report);
  }

  static String escape(String s) {
    return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
  }
}
