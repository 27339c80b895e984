package dev.incognito.inference.engine;

import dev.incognito.inference.api.Completion;
import dev.incognito.inference.api.CompletionRequest;
import dev.incognito.inference.api.FinishReason;
import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.inference.api.PredictorException.Kind;
import dev.incognito.inference.api.TokenSink;
import dev.incognito.inference.sampling.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A loaded model serving completions. {@link #complete} may be called from many threads at once:
 * one decode thread runs every active sequence through the model together (continuous batching),
 * admitting waiting requests as sequences finish, while each caller's own thread streams its pieces
 * to its {@link TokenSink}.
 *
 * <p>Each request gets its own KV cache, cleared when the request ends, whatever way it ends. No
 * conversation text, token or piece is logged.
 */
public final class Engine implements AutoCloseable {

  /** Requests that may wait for a free sequence, per sequence; beyond that: OVERLOADED. */
  public static final int WAITING_PER_SEQUENCE = 4;

  /** Prompt tokens read between two decode steps, so that a long prompt does not stall others. */
  static final int PREFILL_BUDGET_TOKENS = 512;

  /** How long the idle decode thread waits for a request before it looks at {@code closed}. */
  private static final long IDLE_POLL_MS = 100;

  private final ModelInfo info;
  private final ForwardPass forward;
  private final PromptCodec codec;
  private final EngineOptions options;
  private final int context;
  private final BlockingQueue<Generation> waiting;
  private final List<Generation> active = new ArrayList<>();
  private final Thread decodeThread;
  private volatile boolean closed;

  Engine(ModelInfo info, ForwardPass forward, PromptCodec codec, EngineOptions options) {
    this.info = Objects.requireNonNull(info, "info");
    this.forward = Objects.requireNonNull(forward, "forward");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.options = Objects.requireNonNull(options, "options");
    this.context = info.contextLength();
    this.waiting = new ArrayBlockingQueue<>(options.maxSequences() * WAITING_PER_SEQUENCE);
    this.decodeThread = new Thread(this::decodeLoop, "incognito-decode");
    this.decodeThread.setDaemon(true);
    this.decodeThread.start();
  }

  /**
   * Loads the model that {@code options} names (or the built-in demo model when it names none) and
   * starts the decode thread.
   *
   * @param progress receives human-readable loading steps (file names, shapes, timings; never
   *     conversation content)
   * @throws ModelLoadException naming the file and the problem, or the unavailable backend
   */
  public static Engine start(EngineOptions options, Consumer<String> progress)
      throws ModelLoadException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(progress, "progress");
    return ModelLoading.start(options, progress);
  }

  /** The model being served. */
  public ModelInfo modelInfo() {
    return info;
  }

  /** The options this engine was started with. */
  public EngineOptions options() {
    return options;
  }

  /**
   * Generates one completion, streaming each decoded piece to {@code sink} from the calling thread.
   * Thread-safe; concurrent calls are batched together.
   *
   * @throws PredictorException BAD_REQUEST when the prompt does not fit the context or {@code
   *     maxTokens} is above the limit, OVERLOADED when too many requests wait, UNAVAILABLE when the
   *     engine is closed or the calling thread is interrupted, INTERNAL when the model fails
   */
  public Completion complete(CompletionRequest request, TokenSink sink) throws PredictorException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    if (closed) {
      throw new PredictorException(Kind.UNAVAILABLE, "the predictor is shut down");
    }
    if (request.maxTokens() > options.maxTokensLimit()) {
      throw new PredictorException(
          Kind.BAD_REQUEST,
          "max_tokens is " + request.maxTokens() + "; the limit is " + options.maxTokensLimit());
    }
    int[] prompt;
    try {
      prompt = codec.promptTokens(request);
    } catch (IllegalArgumentException e) {
      // The codec's messages name the problem (template failure, lone surrogate, length), never
      // the text.
      throw new PredictorException(
          Kind.BAD_REQUEST, "the prompt cannot be encoded: " + e.getMessage());
    }
    if (prompt.length == 0) {
      throw new PredictorException(Kind.BAD_REQUEST, "the prompt is empty");
    }
    if (prompt.length >= context) {
      throw new PredictorException(
          Kind.BAD_REQUEST,
          "the prompt has "
              + prompt.length
              + " tokens but the context holds "
              + context
              + ", and at least one must remain for the answer");
    }
    Generation g = new Generation(request, prompt);
    if (!waiting.offer(g)) {
      throw new PredictorException(
          Kind.OVERLOADED,
          "all "
              + options.maxSequences()
              + " sequences are busy and "
              + waiting.size()
              + " requests are waiting; try again later");
    }
    if (closed && waiting.remove(g)) {
      throw new PredictorException(Kind.UNAVAILABLE, "the predictor is shut down");
    }
    boolean sinkCancelled = false;
    try {
      while (true) {
        Object event = g.events.take();
        if (event instanceof String) {
          if (!sinkCancelled && !sink.accept((String) event)) {
            sinkCancelled = true;
            g.cancelled = true;
          }
        } else if (event instanceof PredictorException) {
          throw (PredictorException) event;
        } else {
          Completion c = (Completion) event;
          return sinkCancelled
              ? new Completion(
                  c.text(), FinishReason.CANCELLED, c.promptTokens(), c.completionTokens())
              : c;
        }
      }
    } catch (InterruptedException e) {
      g.cancelled = true;
      Thread.currentThread().interrupt();
      throw new PredictorException(Kind.UNAVAILABLE, "interrupted while generating");
    } catch (RuntimeException | Error e) {
      g.cancelled = true; // the sink failed: free the sequence, let the caller see why
      throw e;
    }
  }

  /** Stops the decode thread, fails every open request with UNAVAILABLE, frees the model. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true; // the decode thread sees it after its current step or within IDLE_POLL_MS
    try {
      decodeThread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    forward.close();
  }

  /** Requests waiting for a free sequence (for tests and health checks). */
  int waitingCount() {
    return waiting.size();
  }

  private static PredictorException shutDown() {
    return new PredictorException(Kind.UNAVAILABLE, "the predictor shut down");
  }

  // ---- the decode thread ----

  private void decodeLoop() {
    while (!closed) {
      try {
        admit();
        reapCancelled();
        prefillSome();
        step();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
      } catch (RuntimeException | Error e) {
        for (Generation g : List.copyOf(active)) {
          fail(g, new PredictorException(Kind.INTERNAL, "the model failed while decoding", e));
        }
      }
    }
    for (Generation g : List.copyOf(active)) {
      fail(g, shutDown());
    }
    for (Generation g; (g = waiting.poll()) != null; ) {
      g.events.add(shutDown());
    }
  }

  /**
   * Moves waiting requests into free sequences, each with a new, empty KV cache. Waits up to {@link
   * #IDLE_POLL_MS} when nothing is active.
   */
  private void admit() throws InterruptedException {
    while (active.size() < options.maxSequences()) {
      Generation g =
          active.isEmpty() ? waiting.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS) : waiting.poll();
      if (g == null) {
        return;
      }
      if (g.cancelled) {
        g.events.add(new Completion("", FinishReason.CANCELLED, g.prompt.length, 0));
        continue;
      }
      active.add(g);
      try {
        g.slot = forward.newSequence(context);
      } catch (RuntimeException e) {
        fail(g, new PredictorException(Kind.INTERNAL, "no memory for the sequence", e));
      }
    }
  }

  /**
   * Reads up to {@link #PREFILL_BUDGET_TOKENS} prompt tokens of the sequences still reading their
   * prompt, oldest first, so that a long prompt is read over several steps while the others keep
   * decoding (chunked prefill). A sequence whose prompt is complete samples its first token.
   */
  private void prefillSome() {
    int budget = PREFILL_BUDGET_TOKENS;
    for (Generation g : List.copyOf(active)) {
      if (budget == 0) {
        return;
      }
      if (g.prefilled == g.prompt.length) {
        continue;
      }
      int n = Math.min(budget, g.prompt.length - g.prefilled);
      try {
        float[] logits =
            forward.prefill(
                g.slot, java.util.Arrays.copyOfRange(g.prompt, g.prefilled, g.prefilled + n));
        g.prefilled += n;
        budget -= n;
        if (g.prefilled == g.prompt.length) {
          for (int t : g.prompt) {
            g.sampler.accept(t);
          }
          advance(g, g.sampler.sample(logits));
        }
      } catch (RuntimeException e) {
        fail(
            g,
            new PredictorException(Kind.INTERNAL, "the model failed while reading the prompt", e));
      }
    }
  }

  private void reapCancelled() {
    for (Generation g : List.copyOf(active)) {
      if (g.cancelled) {
        finish(g, FinishReason.CANCELLED);
      }
    }
  }

  /**
   * One decode step for every sequence past its prompt, sharing one pass over the weights
   * (continuous batching: sequences join and leave between steps).
   */
  private void step() {
    List<Generation> batch = new ArrayList<>(active.size());
    for (Generation g : active) {
      if (g.prefilled == g.prompt.length) {
        batch.add(g);
      }
    }
    int n = batch.size();
    if (n == 0) {
      return;
    }
    List<ForwardPass.KvSlot> slots = new ArrayList<>(n);
    int[] tokens = new int[n];
    float[][] logits = new float[n][];
    for (int i = 0; i < n; i++) {
      Generation g = batch.get(i);
      slots.add(g.slot);
      tokens[i] = g.next;
      if (g.logits == null) {
        g.logits = new float[forward.vocabSize()];
      }
      logits[i] = g.logits;
    }
    forward.decode(slots, tokens, logits);
    for (int i = 0; i < n; i++) {
      Generation g = batch.get(i);
      advance(g, g.sampler.sample(logits[i]));
    }
  }

  /** Takes the token just sampled for {@code g}: releases its text or ends the generation. */
  private void advance(Generation g, int token) {
    if (codec.isEndOfGeneration(token)) {
      finish(g, FinishReason.STOP);
      return;
    }
    g.generated++;
    g.sampler.accept(token);
    release(g, g.stops.push(g.utf8.feed(codec.tokenBytes(token))));
    if (g.stops.stopped()) {
      finish(g, FinishReason.STOP);
    } else if (g.generated >= g.request.maxTokens() || g.prompt.length + g.generated >= context) {
      finish(g, FinishReason.LENGTH);
    } else {
      g.next = token;
    }
  }

  private void release(Generation g, String text) {
    if (!text.isEmpty()) {
      g.text.append(text);
      g.events.add(text);
    }
  }

  private void finish(Generation g, FinishReason reason) {
    if (!g.stops.stopped()) {
      release(g, g.stops.push(g.utf8.finish()));
      release(g, g.stops.flush());
    }
    free(g);
    g.events.add(new Completion(g.text.toString(), reason, g.prompt.length, g.generated));
  }

  private void fail(Generation g, PredictorException e) {
    free(g);
    g.events.add(e);
  }

  private void free(Generation g) {
    active.remove(g);
    g.logits = null;
    if (g.slot != null) {
      try {
        g.slot.close();
      } finally {
        g.slot = null;
      }
    }
  }

  /** One request's state. Fields other than {@code cancelled} belong to the decode thread. */
  private static final class Generation {
    final CompletionRequest request;
    final int[] prompt;
    final Sampler sampler;
    final Utf8Stream utf8 = new Utf8Stream();
    final StopMatcher stops;
    final StringBuilder text = new StringBuilder();

    /** Pieces (String), then one Completion or PredictorException; read by the caller. */
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    volatile boolean cancelled;
    ForwardPass.KvSlot slot;
    float[] logits;

    /** Prompt tokens already in the KV cache. */
    int prefilled;

    int next;
    int generated;

    Generation(CompletionRequest request, int[] prompt) {
      this.request = request;
      this.prompt = prompt;
      this.sampler = new Sampler(request.sampling());
      this.stops = new StopMatcher(request.stop());
    }
  }
}
