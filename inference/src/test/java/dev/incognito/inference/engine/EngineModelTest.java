package dev.incognito.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.inference.api.ChatMessage;
import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.FinishReason;
import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.inference.api.SamplingParams;
import dev.incognito.inference.api.TokenSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine over the real forward pass and tokenizers, on the shared models and the demo. */
class EngineModelTest {

  @TempDir Path tmp;

  static Path models() {
    Path p = Path.of(System.getProperty("incognito.shared.dir", "../../shared"), "models");
    assumeTrue(Files.isDirectory(p), "shared models absent");
    return p;
  }

  static EngineOptions options(Path model) {
    return EngineOptions.defaults().withModel(model).withThreads(1).withMaxSequences(4);
  }

  @Test
  void stories260K_greedyStoryAndBatchedEqualsAlone() throws Exception {
    Path bin = models().resolve("stories260K/stories260K.bin");
    List<String> prompts = List.of("Once upon a time", "Lily and Tom", "The cat", "One day");
    try (Engine e = Engine.start(options(bin), s -> {})) {
      ModelInfo info = e.modelInfo();
      assertEquals("stories260K", info.id());
      assertEquals(512, info.contextLength());
      assertEquals(64, info.weightsSha256().length());
      Completion story =
          e.complete(
              CompletionRequest.prompt("Once upon a time", SamplingParams.greedy(), 12),
              TokenSink.discarding());
      assertTrue(story.text().startsWith(", there was a little girl named Lily."), story.text());
      assertEquals(5, story.promptTokens());

      List<String> alone = new ArrayList<>();
      for (String p : prompts) {
        alone.add(
            e.complete(
                    CompletionRequest.prompt(p, SamplingParams.greedy(), 24),
                    TokenSink.discarding())
                .text());
      }
      ExecutorService pool = Executors.newFixedThreadPool(prompts.size());
      try {
        List<Future<Completion>> fs = new ArrayList<>();
        for (String p : prompts) {
          fs.add(
              pool.submit(
                  () ->
                      e.complete(
                          CompletionRequest.prompt(p, SamplingParams.greedy(), 24),
                          TokenSink.discarding())));
        }
        for (int i = 0; i < prompts.size(); i++) {
          assertEquals(alone.get(i), fs.get(i).get().text(), "prompt " + i + " batched");
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void stories260K_stopStringCutsTheStory() throws Exception {
    Path bin = models().resolve("stories260K/stories260K.bin");
    try (Engine e = Engine.start(options(bin), s -> {})) {
      Completion c =
          e.complete(
              new CompletionRequest(
                  List.of(), "Once upon a time", SamplingParams.greedy(), 40, List.of("Lily")),
              TokenSink.discarding());
      assertEquals(", there was a little girl named ", c.text());
      assertEquals(FinishReason.STOP, c.finishReason());
    }
  }

  @Test
  void tinyStories_chatWithoutTemplateUsesFallbackAndPromptTooLongIsBadRequest() throws Exception {
    Path folder = models().resolve("tinystories-656k");
    try (Engine e = Engine.start(options(folder), s -> {})) {
      Completion c =
          e.complete(
              CompletionRequest.chat(
                  List.of(new ChatMessage(ChatMessage.Role.USER, "Tell me a story")),
                  SamplingParams.greedy(),
                  8),
              TokenSink.discarding());
      assertTrue(c.completionTokens() > 0);
      PredictorException x =
          assertThrows(
              PredictorException.class,
              () ->
                  e.complete(
                      CompletionRequest.prompt("word ".repeat(600), SamplingParams.greedy(), 8),
                      TokenSink.discarding()));
      assertEquals(PredictorException.Kind.BAD_REQUEST, x.kind());
      assertTrue(x.getMessage().contains("the context holds 512"), x.getMessage());
    }
  }

  @Test
  void demo_startsWithoutModelDeterministicallyAndSaysItIsMeaningless() throws Exception {
    List<String> progress = new ArrayList<>();
    String sha;
    try (Engine e = Engine.start(EngineOptions.defaults().withThreads(1), progress::add)) {
      ModelInfo info = e.modelInfo();
      assertTrue(info.demo());
      assertEquals("incognito-demo", info.id());
      assertTrue(info.notice().contains("meaningless"), info.notice());
      assertTrue(info.notice().contains("ModelPath=FILE"), info.notice());
      assertTrue(progress.stream().anyMatch(l -> l.contains("meaningless")), progress.toString());
      Completion c =
          e.complete(
              CompletionRequest.chat(
                  List.of(new ChatMessage(ChatMessage.Role.USER, "hello")),
                  SamplingParams.greedy(),
                  6),
              TokenSink.discarding());
      // <|im_start|> user \n h e l l o <|im_end|> \n <|im_start|> a s s i s t a n t \n
      assertEquals(24, c.promptTokens());
      sha = info.weightsSha256();
    }
    try (Engine e = Engine.start(EngineOptions.defaults().withThreads(1), s -> {})) {
      assertEquals(sha, e.modelInfo().weightsSha256(), "same seed, same weights");
    }
  }

  @Test
  void start_missingModelNamesTheFile() {
    Path missing = tmp.resolve("absent.gguf");
    ModelLoadException x =
        assertThrows(ModelLoadException.class, () -> Engine.start(options(missing), s -> {}));
    assertTrue(x.getMessage().contains(missing.toString()), x.getMessage());
  }

  @Test
  void start_llama2cWithoutTokenizerSaysWhatIsMissing() throws Exception {
    Path bin = tmp.resolve("stories260K.bin");
    Files.copy(models().resolve("stories260K/stories260K.bin"), bin);
    ModelLoadException x =
        assertThrows(ModelLoadException.class, () -> Engine.start(options(bin), s -> {}));
    assertTrue(x.getMessage().contains("tokenizer"), x.getMessage());
    assertTrue(x.getMessage().contains(bin.toString()), x.getMessage());
  }
}
