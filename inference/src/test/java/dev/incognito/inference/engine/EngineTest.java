package dev.incognito.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EngineTest {

  private static Engine engine(ScriptedModel model, int maxSequences, int context) {
    EngineOptions o =
        new EngineOptions(
            Optional.empty(),
            Optional.empty(),
            Backend.CPU,
            1,
            maxSequences,
            context,
            Math.min(64, context),
            context);
    ModelInfo info = new ModelInfo("scripted", "00".repeat(32), "cpu", false, context, "");
    return new Engine(info, model, model, o);
  }

  private static CompletionRequest prompt(String text, int maxTokens, String... stop) {
    return new CompletionRequest(
        List.of(), text, SamplingParams.greedy(), maxTokens, List.of(stop));
  }

  /** Collects the pieces a sink receives. */
  private static final class Pieces implements TokenSink {
    final List<String> got = Collections.synchronizedList(new ArrayList<>());

    @Override
    public boolean accept(String piece) {
      got.add(piece);
      return true;
    }

    String joined() {
      return String.join("", got);
    }
  }

  @Test
  void complete_streamsAnswerAndStopsAtEos() throws Exception {
    ScriptedModel m = new ScriptedModel("Hello, world");
    try (Engine e = engine(m, 2, 256)) {
      Pieces p = new Pieces();
      Completion c = e.complete(prompt("hi", 100), p);
      assertEquals("Hello, world", c.text());
      assertEquals(p.joined(), c.text());
      assertEquals(FinishReason.STOP, c.finishReason());
      assertEquals(3, c.promptTokens()); // BOS + 2 bytes
      assertEquals(12, c.completionTokens());
      assertEquals(0, m.openSlots.get());
    }
  }

  @Test
  void complete_chatRequestIsServed() throws Exception {
    ScriptedModel m = new ScriptedModel("ok");
    try (Engine e = engine(m, 2, 256)) {
      Completion c =
          e.complete(
              CompletionRequest.chat(
                  List.of(new ChatMessage(ChatMessage.Role.USER, "hey")),
                  SamplingParams.greedy(),
                  10),
              TokenSink.discarding());
      assertEquals("ok", c.text());
    }
  }

  @Test
  void complete_buffersSplitUtf8AndNeverEmitsHalfCharacters() throws Exception {
    String answer = "héllo € 𝄞!";
    ScriptedModel m = new ScriptedModel(answer);
    try (Engine e = engine(m, 1, 256)) {
      Pieces p = new Pieces();
      Completion c = e.complete(prompt("x", 100), p);
      assertEquals(answer, c.text());
      assertEquals(answer, p.joined());
      for (String piece : p.got) {
        assertFalse(piece.contains("\uFFFD"), "a piece held a broken character");
        assertFalse(Character.isHighSurrogate(piece.charAt(piece.length() - 1)));
      }
      // one token per byte: the completion counts bytes, not characters
      assertEquals(
          answer.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, c.completionTokens());
    }
  }

  @Test
  void complete_replacesInvalidBytes() throws Exception {
    ScriptedModel m =
        new ScriptedModel(new byte[] {'a', (byte) 0xFF, 'b', (byte) 0xE2, (byte) 0x82});
    try (Engine e = engine(m, 1, 256)) {
      // 0xFF is never valid; E2 82 is a truncated three-byte sequence at the end
      assertEquals("a\uFFFDb\uFFFD", e.complete(prompt("x", 100), new Pieces()).text());
    }
  }

  @Test
  void complete_stopStringEndsAnswerAndIsNeverEmitted() throws Exception {
    ScriptedModel m = new ScriptedModel("Hello END world");
    try (Engine e = engine(m, 1, 256)) {
      Pieces p = new Pieces();
      Completion c = e.complete(prompt("x", 100, "END"), p);
      assertEquals("Hello ", c.text());
      assertEquals("Hello ", p.joined());
      assertEquals(FinishReason.STOP, c.finishReason());
      assertEquals(0, m.openSlots.get());
    }
  }

  @Test
  void complete_heldBackPrefixIsReleasedWhenItIsNoStop() throws Exception {
    ScriptedModel m = new ScriptedModel("a EN b EN");
    try (Engine e = engine(m, 1, 256)) {
      Pieces p = new Pieces();
      Completion c = e.complete(prompt("x", 100, "END", "ENZ"), p);
      assertEquals("a EN b EN", c.text());
      assertEquals("a EN b EN", p.joined());
      assertEquals(FinishReason.STOP, c.finishReason());
    }
  }

  @Test
  void complete_maxTokensEndsWithLength() throws Exception {
    ScriptedModel m = new ScriptedModel("abcdefghij");
    try (Engine e = engine(m, 1, 256)) {
      Completion c = e.complete(prompt("x", 4), new Pieces());
      assertEquals("abcd", c.text());
      assertEquals(FinishReason.LENGTH, c.finishReason());
      assertEquals(4, c.completionTokens());
    }
  }

  @Test
  void complete_fullContextEndsWithLength() throws Exception {
    ScriptedModel m = new ScriptedModel("abcdefghijklmnopqrstuvwxyz");
    try (Engine e = engine(m, 1, 16)) {
      Completion c = e.complete(prompt("0123456789", 16), new Pieces());
      // 11 prompt tokens + 5 generated fill the 16 positions
      assertEquals("abcde", c.text());
      assertEquals(FinishReason.LENGTH, c.finishReason());
    }
  }

  @Test
  void complete_sinkReturningFalseCancelsAndFreesSequence() throws Exception {
    ScriptedModel m = new ScriptedModel("abcdefghijklmnopqrstuvwxyz".repeat(4));
    try (Engine e = engine(m, 1, 256)) {
      List<String> got = new ArrayList<>();
      Completion c =
          e.complete(
              prompt("x", 200),
              piece -> {
                got.add(piece);
                return got.size() < 3;
              });
      assertEquals(FinishReason.CANCELLED, c.finishReason());
      assertEquals(3, got.size());
      assertEquals("abc", String.join("", got), "no piece after the sink said stop");
      // the engine serves the next request: the sequence was freed
      assertEquals("ab", e.complete(prompt("x", 2), new Pieces()).text());
      assertEquals(0, m.openSlots.get());
    }
  }

  @Test
  void complete_rejectsPromptLongerThanContext() {
    ScriptedModel m = new ScriptedModel("a");
    try (Engine e = engine(m, 1, 16)) {
      PredictorException x =
          assertThrows(
              PredictorException.class, () -> e.complete(prompt("x".repeat(15), 1), new Pieces()));
      assertEquals(PredictorException.Kind.BAD_REQUEST, x.kind());
      assertTrue(x.getMessage().contains("16 tokens but the context holds 16"), x.getMessage());
    }
  }

  @Test
  void complete_rejectsMaxTokensAboveLimit() {
    ScriptedModel m = new ScriptedModel("a");
    try (Engine e = engine(m, 1, 32)) {
      PredictorException x =
          assertThrows(PredictorException.class, () -> e.complete(prompt("x", 33), new Pieces()));
      assertEquals(PredictorException.Kind.BAD_REQUEST, x.kind());
    }
  }

  @Test
  void complete_concurrentRequestsShareDecodeSteps() throws Exception {
    ScriptedModel m = new ScriptedModel("the same answer for all");
    m.gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Engine e = engine(m, 4, 256)) {
      List<Future<Completion>> fs = new ArrayList<>();
      fs.add(pool.submit(() -> e.complete(prompt("request 0", 100), new Pieces())));
      m.decoding.await(); // the first decode step is running: hold it until the others wait
      for (int i = 1; i < 4; i++) {
        String text = "request " + i;
        fs.add(pool.submit(() -> e.complete(prompt(text, 100), new Pieces())));
      }
      while (e.waitingCount() < 3) {
        Thread.sleep(1);
      }
      m.gate.countDown();
      for (Future<Completion> f : fs) {
        assertEquals("the same answer for all", f.get().text());
      }
      assertEquals(4, m.maxBatch.get(), "all four sequences decoded in one step");
      assertEquals(0, m.openSlots.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void complete_longPromptIsReadInChunksWhileOthersDecode() throws Exception {
    ScriptedModel m = new ScriptedModel("x".repeat(40));
    m.gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Engine e = engine(m, 2, 2048)) {
      Future<Completion> a = pool.submit(() -> e.complete(prompt("a", 40), new Pieces()));
      m.decoding.await(); // a is decoding, held at its first step
      String longPrompt = "y".repeat(1300); // BOS + 1300 bytes: chunks of 512, 512, 277
      Future<Completion> b = pool.submit(() -> e.complete(prompt(longPrompt, 5), new Pieces()));
      while (e.waitingCount() < 1) {
        Thread.sleep(1);
      }
      m.gate.countDown();
      assertEquals("x".repeat(40), a.get().text());
      assertEquals("xxxxx", b.get().text());
      List<String> calls = List.copyOf(m.calls);
      int first = calls.indexOf("P512");
      int last = calls.indexOf("P277");
      assertTrue(first >= 0 && last > first, calls.toString());
      assertEquals(
          List.of("P512", "D1", "P512", "D1", "P277", "D2"), calls.subList(first, last + 2));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void complete_overloadedWhenQueueIsFull() throws Exception {
    ScriptedModel m = new ScriptedModel("abc");
    m.gate = new CountDownLatch(1);
    int capacity = Engine.WAITING_PER_SEQUENCE; // one sequence: this many may wait
    ExecutorService pool = Executors.newFixedThreadPool(capacity + 1);
    try (Engine e = engine(m, 1, 256)) {
      List<Future<Completion>> fs = new ArrayList<>();
      fs.add(pool.submit(() -> e.complete(prompt("first", 10), new Pieces())));
      m.decoding.await();
      for (int i = 0; i < capacity; i++) {
        fs.add(pool.submit(() -> e.complete(prompt("waiting", 10), new Pieces())));
      }
      while (e.waitingCount() < capacity) {
        Thread.sleep(1);
      }
      PredictorException x =
          assertThrows(
              PredictorException.class, () -> e.complete(prompt("late", 10), new Pieces()));
      assertEquals(PredictorException.Kind.OVERLOADED, x.kind());
      m.gate.countDown();
      for (Future<Completion> f : fs) {
        assertEquals("abc", f.get().text());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void complete_modelFailureIsInternalAndFreesSequence() throws Exception {
    ScriptedModel m = new ScriptedModel("abc");
    m.failure = new IllegalStateException("kernel fault");
    try (Engine e = engine(m, 1, 256)) {
      PredictorException x =
          assertThrows(PredictorException.class, () -> e.complete(prompt("x", 10), new Pieces()));
      assertEquals(PredictorException.Kind.INTERNAL, x.kind());
      assertEquals(0, m.openSlots.get());
      m.failure = null;
      assertEquals("abc", e.complete(prompt("x", 10), new Pieces()).text());
    }
  }

  @Test
  void close_failsWaitingRequestsAndRefusesNewOnes() throws Exception {
    ScriptedModel m = new ScriptedModel("abc");
    m.gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Engine e = engine(m, 1, 256);
    try {
      Future<Completion> running = pool.submit(() -> e.complete(prompt("a", 10), new Pieces()));
      m.decoding.await();
      Future<Completion> queued = pool.submit(() -> e.complete(prompt("b", 10), new Pieces()));
      while (e.waitingCount() < 1) {
        Thread.sleep(1);
      }
      Thread closer = new Thread(e::close);
      closer.start();
      m.gate.countDown();
      closer.join();
      for (Future<Completion> f : List.of(running, queued)) {
        try {
          Completion c = f.get();
          assertEquals("abc", c.text()); // it may have finished before the close took effect
        } catch (java.util.concurrent.ExecutionException x) {
          assertEquals(
              PredictorException.Kind.UNAVAILABLE, ((PredictorException) x.getCause()).kind());
        }
      }
      PredictorException x =
          assertThrows(PredictorException.class, () -> e.complete(prompt("c", 10), new Pieces()));
      assertEquals(PredictorException.Kind.UNAVAILABLE, x.kind());
      assertEquals(0, m.openSlots.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void options_rejectInvalidValues() {
    EngineOptions d = EngineOptions.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withThreads(0));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxSequences(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EngineOptions(Optional.empty(), Optional.empty(), Backend.CPU, 1, 1, 8, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EngineOptions(Optional.empty(), Optional.empty(), Backend.CPU, 1, 1, 64, 65, 64));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EngineOptions(Optional.empty(), Optional.empty(), Backend.CPU, 1, 1, 64, 32, 16));
  }

  @Test
  void start_cudaRequestedWithoutGpu_failsNamingWhy() {
    assumeTrue(!dev.incognito.inference.cuda.Cuda.available(), "a CUDA device is present");
    ModelLoadException x =
        assertThrows(
            ModelLoadException.class,
            () -> Engine.start(EngineOptions.defaults().withBackend(Backend.CUDA), s -> {}));
    assertEquals(
        "CUDA backend requested but unavailable: "
            + dev.incognito.inference.cuda.Cuda.unavailableReason().get(),
        x.getMessage());
  }
}
