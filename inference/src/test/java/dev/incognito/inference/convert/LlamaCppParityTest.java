package dev.incognito.inference.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.api.SamplingParams;
import dev.incognito.inference.engine.ModelFiles;
import dev.incognito.inference.model.LlamaModel;
import dev.incognito.inference.model.LoadOptions;
import dev.incognito.inference.model.Sequence;
import dev.incognito.inference.sampling.Sampler;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Converts the shared models to GGUF and has llama.cpp (node-llama-cpp, {@code
 * bench/llamacpp/greedy.mjs}) decode them greedily: its prompt tokens must equal our tokenizer's
 * and its generated tokens ours, from the GGUF and from the original checkpoint. Skips where {@code
 * bench/llamacpp/node_modules} has not been installed ({@code npm ci} there).
 */
class LlamaCppParityTest {

  static final int TOKENS = 40;

  @TempDir Path tmp;

  static Path peer() {
    Path dir = Path.of("").toAbsolutePath().getParent().resolve("bench/llamacpp");
    assumeTrue(
        Files.isDirectory(dir.resolve("node_modules/node-llama-cpp")),
        "llama.cpp peer not installed (npm ci in bench/llamacpp)");
    assumeTrue(nodeRuns(), "node is not on the PATH");
    return dir;
  }

  private static boolean nodeRuns() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void stories260K_llamaCppAndWeDecodeTheSameTokens() throws Exception {
    Path peer = peer();
    Path bin = GgufConverterTest.models().resolve("stories260K/stories260K.bin");
    Path gguf = tmp.resolve("stories260K.gguf");
    GgufConverter.convert(bin, Optional.empty(), gguf, GgufConverter.Type.F32, s -> {});
    checkParity(peer, bin, gguf);
  }

  @Test
  void tinyStories656K_llamaCppAndWeDecodeTheSameTokens() throws Exception {
    Path peer = peer();
    Path folder = GgufConverterTest.models().resolve("tinystories-656k");
    Path gguf = tmp.resolve("tinystories-656k.gguf");
    GgufConverter.convert(folder, Optional.empty(), gguf, GgufConverter.Type.F32, s -> {});
    checkParity(peer, folder, gguf);
  }

  private static void checkParity(Path peer, Path original, Path gguf) throws Exception {
    JsonObject ref = llamaCpp(peer, gguf, "Once upon a time", TOKENS);
    int[] promptTokens = ints(ref, "promptTokens");
    int[] expected = untilEos(ints(ref, "tokens"), ref.getInt("eos"));

    assertArrayEquals(
        promptTokens,
        ModelFiles.tokenizer(gguf, Optional.empty()).encode("Once upon a time", true),
        "prompt tokens from the GGUF");
    assertArrayEquals(
        promptTokens,
        ModelFiles.tokenizer(original, Optional.empty()).encode("Once upon a time", true),
        "prompt tokens from the original");
    assertArrayEquals(
        expected, greedy(original, promptTokens, expected.length), "from the original");
    assertArrayEquals(expected, greedy(gguf, promptTokens, expected.length), "from the GGUF");
  }

  static int[] greedy(Path model, int[] prompt, int n) throws Exception {
    try (LlamaModel m = LlamaModel.load(model, LoadOptions.defaults().withThreads(1));
        Sequence s = m.newSequence(prompt.length + n)) {
      Sampler greedy = new Sampler(SamplingParams.greedy());
      int[] out = new int[n];
      float[] logits = m.prefill(s, prompt);
      float[][] row = new float[1][m.config().vocabSize()];
      for (int i = 0; i < n; i++) {
        out[i] = greedy.sample(logits);
        if (i + 1 < n) {
          m.decode(List.of(s), new int[] {out[i]}, row);
          logits = row[0];
        }
      }
      return out;
    }
  }

  static JsonObject llamaCpp(Path peer, Path gguf, String prompt, int tokens) throws Exception {
    Process p =
        new ProcessBuilder(
                "node",
                "greedy.mjs",
                "--model",
                gguf.toString(),
                "--prompt",
                prompt,
                "--tokens",
                Integer.toString(tokens))
            .directory(peer.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), "llama.cpp finished");
    assertEquals(0, p.exitValue(), "llama.cpp exit status");
    try (JsonReader r = Json.createReader(new StringReader(out))) {
      return r.readObject();
    }
  }

  private static int[] ints(JsonObject o, String key) {
    return o.getJsonArray(key).getValuesAs(jakarta.json.JsonNumber.class).stream()
        .mapToInt(jakarta.json.JsonNumber::intValue)
        .toArray();
  }

  private static int[] untilEos(int[] tokens, int eos) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == eos) {
        return java.util.Arrays.copyOf(tokens, i + 1);
      }
    }
    return tokens;
  }
}
