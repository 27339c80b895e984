package dev.incognito.inference.engine;

import dev.incognito.inference.api.CompletionRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte-level model for scheduler tests: token ids 0-255 are bytes, {@link #BOS} and {@link #EOS}
 * are specials. Whatever the prompt, the logits favour the bytes of a fixed answer, one per
 * position, then EOS. Records what the scheduler asked of it.
 */
final class ScriptedModel implements ForwardPass, PromptCodec {

  static final int BOS = 256;
  static final int EOS = 257;
  static final int VOCAB = 258;

  private final byte[] answer;
  final AtomicInteger openSlots = new AtomicInteger();
  final AtomicInteger maxBatch = new AtomicInteger();
  final AtomicInteger decodeCalls = new AtomicInteger();

  /** When set, decode waits for it: lets a test hold sequences active. */
  volatile CountDownLatch gate;

  final CountDownLatch decoding = new CountDownLatch(1);

  /** What the scheduler asked, in order: "P<n>" for a prefill of n tokens, "D<n>" for a step. */
  final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

  volatile RuntimeException failure;

  ScriptedModel(byte[] answer) {
    this.answer = answer.clone();
  }

  ScriptedModel(String answer) {
    this(answer.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int[] promptTokens(CompletionRequest request) {
    String text =
        request.isChat()
            ? request.messages().get(request.messages().size() - 1).content()
            : request.prompt();
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    int[] out = new int[b.length + 1];
    out[0] = BOS;
    for (int i = 0; i < b.length; i++) {
      out[i + 1] = b[i] & 0xff;
    }
    return out;
  }

  @Override
  public byte[] tokenBytes(int token) {
    return token < 256 ? new byte[] {(byte) token} : new byte[0];
  }

  @Override
  public boolean isEndOfGeneration(int token) {
    return token == EOS;
  }

  @Override
  public int vocabSize() {
    return VOCAB;
  }

  @Override
  public int maxContext() {
    return 1 << 16;
  }

  final class Slot implements KvSlot {
    final List<Integer> tokens = new ArrayList<>();
    int promptLength = -1;
    boolean closed;

    Slot() {
      openSlots.incrementAndGet();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        openSlots.decrementAndGet();
      }
    }
  }

  @Override
  public KvSlot newSequence(int maxContext) {
    return new Slot();
  }

  @Override
  public float[] prefill(KvSlot sequence, int[] tokens) {
    Slot s = (Slot) sequence;
    calls.add("P" + tokens.length);
    for (int t : tokens) {
      s.tokens.add(t);
    }
    s.promptLength = s.tokens.size();
    return logitsFor(s);
  }

  @Override
  public void decode(List<KvSlot> sequences, int[] tokens, float[][] logitsOut) {
    decodeCalls.incrementAndGet();
    calls.add("D" + sequences.size());
    maxBatch.accumulateAndGet(sequences.size(), Math::max);
    decoding.countDown();
    CountDownLatch g = gate;
    if (g != null) {
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    for (int i = 0; i < sequences.size(); i++) {
      Slot s = (Slot) sequences.get(i);
      s.tokens.add(tokens[i]);
      System.arraycopy(logitsFor(s), 0, logitsOut[i], 0, VOCAB);
    }
  }

  private float[] logitsFor(Slot s) {
    int produced = s.tokens.size() - s.promptLength;
    float[] logits = new float[VOCAB];
    for (int i = 0; i < VOCAB; i++) {
      logits[i] = -(i % 7); // something other than flat
    }
    int want = produced < answer.length ? answer[produced] & 0xff : EOS;
    logits[want] = 10;
    return logits;
  }

  @Override
  public void close() {}
}
