package dev.incognito.inference.cuda;

import dev.incognito.inference.cpu.Tensor;
import dev.incognito.inference.cpu.TensorType;
import dev.incognito.inference.engine.ForwardPass;
import dev.incognito.inference.model.LlamaModel;
import dev.incognito.inference.model.LlamaWeights;
import dev.incognito.inference.model.ModelConfig;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The forward pass of a {@link LlamaModel} on one CUDA device: the same arithmetic as the CPU
 * backend (RMSNorm, RoPE, grouped-query attention, SwiGLU, f32 activations and KV cache), with the
 * weights uploaded once in their ggml block layouts and read in place by the kernels of {@code
 * matmul.cu}. Each sequence owns one device buffer of KV cache, zeroed and freed when its slot
 * closes. A decode step over n sequences reads every weight once per {@link
 * LaunchGeometry#BATCH_TILE} sequences.
 *
 * <p>Called from one thread at a time (the engine's decode thread); each call makes the context
 * current on the calling thread.
 */
public final class CudaForward implements ForwardPass {
  /** Prompt positions pushed through the layers together (rows of the activation buffers). */
  static final int PREFILL_CHUNK = 256;

  private final LlamaModel model;
  private final ModelConfig c;
  private final DeviceInfo device;
  private final Context ctx;
  private final Stream stream;
  private final List<Module> modules = new ArrayList<>();
  private final Map<String, Kernel> kernels = new HashMap<>();
  private final DeviceBuffer weights;
  private final DeviceBuffer work;
  private final int rows; // rows of every activation buffer
  private final MemoryPlan plan;

  // Device addresses.
  private final DeviceTensor embedding;
  private final DeviceTensor output;
  private final long finalNorm;
  private final long freqs;
  private final List<DeviceLayer> layers = new ArrayList<>();
  private final long x;
  private final long xb;
  private final long xo;
  private final long q;
  private final long k;
  private final long v;
  private final long att;
  private final long hb;
  private final long hb2;
  private final long logits;
  private final long tokensDev;
  private final long posDev;
  private final long cacheDev;
  private final long capDev;
  private boolean closed;

  /** A matrix on the device: base address, type, shape. */
  private record DeviceTensor(long address, TensorType type, int rows, int cols, long rowBytes) {}

  private record DeviceLayer(
      long attnNorm,
      DeviceTensor wq,
      DeviceTensor wk,
      DeviceTensor wv,
      DeviceTensor wo,
      long bq,
      long bk,
      long bv,
      long ffnNorm,
      DeviceTensor gate,
      DeviceTensor up,
      DeviceTensor down) {}

  /** One sequence's KV cache: per layer, keys then values, {@code (capacity, kvDim)} f32 each. */
  private final class Slot implements KvSlot {
    private final DeviceBuffer cache;
    private final int capacity;
    private int position;

    Slot(DeviceBuffer cache, int capacity) {
      this.cache = cache;
      this.capacity = capacity;
    }

    private boolean closed;

    CudaForward outer() {
      return CudaForward.this;
    }

    boolean isClosed() {
      return closed;
    }

    /** Zeroes the cache, then frees it. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        ctx.makeCurrent();
        try {
          cache.zero();
        } finally {
          cache.close();
        }
      }
    }
  }

  /**
   * Why the CUDA backend cannot run a model of this shape and these weight types, or empty when it
   * can. Pure; needs no GPU.
   */
  public static Optional<String> unsupportedReason(ModelConfig c, List<TensorType> types) {
    if (c.headDim() > LaunchGeometry.MAX_HEAD_DIM) {
      return Optional.of(
          "head dim " + c.headDim() + " exceeds the kernels' " + LaunchGeometry.MAX_HEAD_DIM);
    }
    for (TensorType t : types) {
      if (suffix(t) == null) {
        return Optional.of("no CUDA kernel for " + t + " weights");
      }
    }
    return Optional.empty();
  }

  /** The weight types of {@code w}, for {@link #unsupportedReason}. */
  public static List<TensorType> types(LlamaWeights w) {
    List<TensorType> t = new ArrayList<>();
    t.add(w.tokenEmbedding().type());
    t.add(w.output().type());
    for (LlamaWeights.Layer l : w.layers()) {
      for (Tensor m : List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.gate(), l.up(), l.down())) {
        t.add(m.type());
      }
    }
    return t;
  }

  static String suffix(TensorType t) {
    switch (t) {
      case F32:
        return "f32";
      case F16:
        return "f16";
      case BF16:
        return "bf16";
      case Q8_0:
        return "q8_0";
      case Q4_0:
        return "q4_0";
      case Q4_K:
        return "q4_k";
      case Q6_K:
        return "q6_k";
      default:
        return null;
    }
  }

  /**
   * Compiles the kernels for device {@code ordinal}, uploads the weights and allocates work buffers
   * for up to {@code maxBatch} sequences per step.
   *
   * @param context positions per sequence the caller will ask for; the device must hold {@code
   *     maxBatch} KV caches of that length beside the weights ({@link MemoryPlan})
   * @throws CudaException when CUDA is unavailable, a kernel does not compile, or memory runs out
   */
  public static CudaForward create(
      LlamaModel model, int ordinal, int maxBatch, int context, Consumer<String> progress) {
    Objects.requireNonNull(model, "model");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max batch " + maxBatch);
    }
    if (context < 1 || context > model.config().contextLength()) {
      throw new IllegalArgumentException(
          "context " + context + " outside 1.." + model.config().contextLength());
    }
    Optional<String> why = unsupportedReason(model.config(), types(model.weights()));
    if (why.isPresent()) {
      throw new CudaException("model not supported by the CUDA backend: " + why.get(), null);
    }
    DeviceInfo info = Cuda.device(ordinal);
    Context ctx = Cuda.open(ordinal);
    try {
      return new CudaForward(
          model, info, ctx, Math.max(maxBatch, PREFILL_CHUNK), maxBatch, context, progress);
    } catch (RuntimeException e) {
      ctx.close();
      throw e;
    }
  }

  private CudaForward(
      LlamaModel model,
      DeviceInfo info,
      Context ctx,
      int rows,
      int maxBatch,
      int context,
      Consumer<String> progress) {
    this.model = model;
    this.c = model.config();
    this.device = info;
    this.ctx = ctx;
    this.rows = rows;
    List<AutoCloseable> made = new ArrayList<>();
    try {
      this.stream = ctx.newStream();
      made.add(stream);
      String arch = "compute_" + info.major() + info.minor(); // PTX for the driver to JIT
      for (String name : KernelSources.NAMES) {
        Module m = ctx.load(Nvrtc.compile(KernelSources.read(name), name, arch));
        modules.add(m);
        made.add(m);
        for (String kn : KernelSources.kernelsOf(name)) {
          kernels.put(kn, m.kernel(kn));
        }
      }

      // Lay out every weight, then upload in one pass.
      LlamaWeights w = model.weights();
      WeightLayout layout = new WeightLayout();
      List<Runnable> uploads = new ArrayList<>();
      DeviceBuffer[] wb = new DeviceBuffer[1];
      ToLongFunction<Tensor> tensor =
          t -> {
            long off = layout.add((long) t.rows() * t.rowBytes());
            uploads.add(
                () -> {
                  long o = off;
                  for (ByteBuffer seg : t.segments()) {
                    wb[0].write(o, seg);
                    o += seg.remaining();
                  }
                });
            return off;
          };
      ToLongFunction<float[]> floats = // -1 for an absent bias
          f -> {
            if (f == null) {
              return -1;
            }
            long off = layout.add(4L * f.length);
            uploads.add(() -> wb[0].write(off, f));
            return off;
          };
      long embOff = tensor.applyAsLong(w.tokenEmbedding());
      long outOff = w.output() == w.tokenEmbedding() ? embOff : tensor.applyAsLong(w.output());
      long finalNormOff = floats.applyAsLong(w.finalNorm());
      long freqsOff = layout.add(8L * (c.headDim() / 2));
      double[] f = c.ropeFrequencies();
      uploads.add(() -> wb[0].write(freqsOff, f));
      List<long[]> layerOffs = new ArrayList<>();
      for (LlamaWeights.Layer l : w.layers()) {
        layerOffs.add(
            new long[] {
              floats.applyAsLong(l.attnNorm()),
              tensor.applyAsLong(l.wq()),
              tensor.applyAsLong(l.wk()),
              tensor.applyAsLong(l.wv()),
              tensor.applyAsLong(l.wo()),
              floats.applyAsLong(l.bq()),
              floats.applyAsLong(l.bk()),
              floats.applyAsLong(l.bv()),
              floats.applyAsLong(l.ffnNorm()),
              tensor.applyAsLong(l.gate()),
              tensor.applyAsLong(l.up()),
              tensor.applyAsLong(l.down())
            });
      }

      // Activations (f32) and per-step tables.
      WeightLayout wl = new WeightLayout();
      long r = rows;
      long xOff = wl.add(4 * r * c.dim());
      long xbOff = wl.add(4 * r * c.dim());
      long xoOff = wl.add(4 * r * c.dim());
      long qOff = wl.add(4 * r * c.qDim());
      long kOff = wl.add(4 * r * c.kvDim());
      long vOff = wl.add(4 * r * c.kvDim());
      long attOff = wl.add(4 * r * c.qDim());
      long hbOff = wl.add(4 * r * c.hiddenDim());
      long hb2Off = wl.add(4 * r * c.hiddenDim());
      long logitsOff = wl.add(4 * r * c.vocabSize());
      long tokOff = wl.add(4 * r);
      long posOff = wl.add(4 * r);
      long cacheOff = wl.add(8 * r);
      long capOff = wl.add(4 * r);

      this.plan = new MemoryPlan(layout.size(), wl.size(), c.layers(), c.kvDim());
      long[] mem = ctx.memoryInfo();
      long fit = plan.sequencesThatFit(mem[0], mem[1], context);
      if (fit < maxBatch) {
        throw new CudaException(
            String.format(
                Locale.ROOT,
                "%s has %d MiB free: weights (%d MiB), work buffers (%d MiB) and headroom (%d MiB)"
                    + " leave room for %d KV caches of %d positions (%d MiB each), %d needed",
                info.name(),
                mem[0] >> 20,
                layout.size() >> 20,
                wl.size() >> 20,
                MemoryPlan.headroom(mem[1]) >> 20,
                fit,
                context,
                plan.kvBytesPerSequence(context) >> 20,
                maxBatch),
            null);
      }
      this.weights = ctx.allocate(layout.size());
      made.add(weights);
      wb[0] = weights;
      long t0 = System.nanoTime();
      for (Runnable u : uploads) {
        u.run();
      }
      this.work = ctx.allocate(wl.size());
      made.add(work);
      work.zero();

      long wbase = weights.address(0);
      this.embedding = dt(wbase + embOff, w.tokenEmbedding());
      this.output = dt(wbase + outOff, w.output());
      this.finalNorm = wbase + finalNormOff;
      this.freqs = wbase + freqsOff;
      for (int i = 0; i < w.layers().size(); i++) {
        LlamaWeights.Layer l = w.layers().get(i);
        long[] o = layerOffs.get(i);
        layers.add(
            new DeviceLayer(
                wbase + o[0],
                dt(wbase + o[1], l.wq()),
                dt(wbase + o[2], l.wk()),
                dt(wbase + o[3], l.wv()),
                dt(wbase + o[4], l.wo()),
                o[5] < 0 ? 0 : wbase + o[5],
                o[6] < 0 ? 0 : wbase + o[6],
                o[7] < 0 ? 0 : wbase + o[7],
                wbase + o[8],
                dt(wbase + o[9], l.gate()),
                dt(wbase + o[10], l.up()),
                dt(wbase + o[11], l.down())));
      }
      long a = work.address(0);
      this.x = a + xOff;
      this.xb = a + xbOff;
      this.xo = a + xoOff;
      this.q = a + qOff;
      this.k = a + kOff;
      this.v = a + vOff;
      this.att = a + attOff;
      this.hb = a + hbOff;
      this.hb2 = a + hb2Off;
      this.logits = a + logitsOff;
      this.tokensDev = a + tokOff;
      this.posDev = a + posOff;
      this.cacheDev = a + cacheOff;
      this.capDev = a + capOff;
      progress.accept(
          String.format(
              Locale.ROOT,
              "CUDA backend on %s (sm_%d%d, %d MiB): %d MiB of weights uploaded in %.1f s, %d MiB"
                  + " of work buffers",
              info.name(),
              info.major(),
              info.minor(),
              info.totalMemory() >> 20,
              layout.size() >> 20,
              (System.nanoTime() - t0) / 1e9,
              wl.size() >> 20));
    } catch (RuntimeException e) {
      for (int i = made.size() - 1; i >= 0; i--) {
        try {
          made.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static DeviceTensor dt(long address, Tensor t) {
    return new DeviceTensor(address, t.type(), t.rows(), t.cols(), t.rowBytes());
  }

  /** The device this backend runs on. */
  public DeviceInfo device() {
    return device;
  }

  /** Memory accounting of this model on the device. */
  public MemoryPlan memoryPlan() {
    return plan;
  }

  @Override
  public int vocabSize() {
    return c.vocabSize();
  }

  @Override
  public int maxContext() {
    return c.contextLength();
  }

  @Override
  public KvSlot newSequence(int maxContext) {
    checkOpen();
    if (maxContext < 1 || maxContext > c.contextLength()) {
      throw new IllegalArgumentException(
          "max context " + maxContext + " outside 1.." + c.contextLength());
    }
    ctx.makeCurrent();
    DeviceBuffer cache = ctx.allocate(plan.kvBytesPerSequence(maxContext));
    try {
      cache.zero();
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
    return new Slot(cache, maxContext);
  }

  @Override
  public float[] prefill(KvSlot sequence, int[] tokens) {
    checkOpen();
    Slot s = slot(sequence);
    if (tokens.length == 0) {
      throw new IllegalArgumentException("empty prompt");
    }
    checkRoom(s, tokens.length);
    for (int t : tokens) {
      checkToken(t);
    }
    ctx.makeCurrent();
    float[] out = new float[c.vocabSize()];
    for (int start = 0; start < tokens.length; start += PREFILL_CHUNK) {
      int n = Math.min(PREFILL_CHUNK, tokens.length - start);
      int[] tok = Arrays.copyOfRange(tokens, start, start + n);
      int[] pos = new int[n];
      long[] caches = new long[n];
      int[] caps = new int[n];
      for (int i = 0; i < n; i++) {
        pos[i] = s.position + i;
        caches[i] = s.cache.address(0);
        caps[i] = s.capacity;
      }
      boolean last = start + n == tokens.length;
      forward(tok, pos, caches, caps, s, last ? 1 : 0);
      if (last) {
        work.read(logits - work.address(0), out, 0, c.vocabSize());
      }
      s.position += n;
    }
    return out;
  }

  @Override
  public void decode(List<KvSlot> sequences, int[] tokens, float[][] logitsOut) {
    checkOpen();
    int n = sequences.size();
    if (n == 0 || tokens.length != n || logitsOut.length != n) {
      throw new IllegalArgumentException(
          n + " sequences, " + tokens.length + " tokens, " + logitsOut.length + " logit rows");
    }
    Map<Slot, Boolean> seen = new IdentityHashMap<>();
    Slot[] slots = new Slot[n];
    for (int i = 0; i < n; i++) {
      Slot s = slot(sequences.get(i));
      if (seen.put(s, Boolean.TRUE) != null) {
        throw new IllegalArgumentException("sequence listed twice in one decode step");
      }
      checkRoom(s, 1);
      checkToken(tokens[i]);
      if (logitsOut[i] == null || logitsOut[i].length < c.vocabSize()) {
        throw new IllegalArgumentException("logits row " + i + " shorter than the vocabulary");
      }
      slots[i] = s;
    }
    ctx.makeCurrent();
    for (int from = 0; from < n; from += rows) {
      int m = Math.min(rows, n - from);
      int[] tok = new int[m];
      int[] pos = new int[m];
      long[] caches = new long[m];
      int[] caps = new int[m];
      for (int i = 0; i < m; i++) {
        Slot s = slots[from + i];
        tok[i] = tokens[from + i];
        pos[i] = s.position;
        caches[i] = s.cache.address(0);
        caps[i] = s.capacity;
      }
      forward(tok, pos, caches, caps, null, m);
      for (int i = 0; i < m; i++) {
        work.read(
            logits - work.address(0) + 4L * i * c.vocabSize(),
            logitsOut[from + i],
            0,
            c.vocabSize());
      }
    }
    for (Slot s : slots) {
      s.position++;
    }
  }

  /**
   * Pushes {@code n = tokens.length} rows through every layer; row i is {@code tokens[i]} at {@code
   * pos[i]} of the cache at {@code caches[i]}. With {@code prefillOf} set, all rows belong to that
   * sequence at consecutive positions and attention runs the tiled prefill kernel; else each row is
   * its own sequence. Logits of the last {@code logitRows} rows land in {@code logits}.
   */
  private void forward(
      int[] tokens, int[] pos, long[] caches, int[] caps, Slot prefillOf, int logitRows) {
    int n = tokens.length;
    long base = work.address(0);
    work.write(tokensDev - base, tokens);
    work.write(posDev - base, pos);
    work.write(cacheDev - base, caches);
    work.write(capDev - base, caps);
    int dim = c.dim();
    launch(
        "embed_" + suffix(embedding.type()),
        LaunchGeometry.perElement(dim, n),
        embedding.address(),
        embedding.rowBytes(),
        dim,
        tokensDev,
        x);
    int interleaved = c.ropeStyle() == ModelConfig.RopeStyle.INTERLEAVED ? 1 : 0;
    for (int l = 0; l < layers.size(); l++) {
      DeviceLayer w = layers.get(l);
      launch("rms_norm", LaunchGeometry.perRow(n), x, w.attnNorm(), xb, dim, c.rmsEps());
      matmul(w.wq(), xb, q, n);
      matmul(w.wk(), xb, k, n);
      matmul(w.wv(), xb, v, n);
      if (w.bq() != 0) {
        launch("add_bias", LaunchGeometry.perElement(c.qDim(), n), q, w.bq(), c.qDim());
        launch("add_bias", LaunchGeometry.perElement(c.kvDim(), n), k, w.bk(), c.kvDim());
        launch("add_bias", LaunchGeometry.perElement(c.kvDim(), n), v, w.bv(), c.kvDim());
      }
      launch(
          "rope",
          LaunchGeometry.rope(c.heads(), c.headDim(), n),
          q,
          posDev,
          freqs,
          c.heads(),
          c.headDim(),
          interleaved);
      launch(
          "rope",
          LaunchGeometry.rope(c.kvHeads(), c.headDim(), n),
          k,
          posDev,
          freqs,
          c.kvHeads(),
          c.headDim(),
          interleaved);
      launch(
          "kv_store",
          LaunchGeometry.perElement(c.kvDim(), n),
          k,
          v,
          cacheDev,
          capDev,
          posDev,
          l,
          c.kvDim());
      if (prefillOf != null) {
        launch(
            "attention_prefill",
            LaunchGeometry.attentionPrefill(n, c.heads()),
            q,
            att,
            prefillOf.cache.address(0),
            prefillOf.capacity,
            pos[0],
            n,
            l,
            c.heads(),
            c.kvHeads(),
            c.headDim());
      } else {
        launch(
            "attention_decode",
            LaunchGeometry.attentionDecode(c.heads(), n),
            q,
            att,
            cacheDev,
            capDev,
            posDev,
            l,
            c.heads(),
            c.kvHeads(),
            c.headDim());
      }
      matmul(w.wo(), att, xo, n);
      launch("add", LaunchGeometry.flat((long) n * dim), x, xo, (long) n * dim);
      launch("rms_norm", LaunchGeometry.perRow(n), x, w.ffnNorm(), xb, dim, c.rmsEps());
      matmul(w.gate(), xb, hb, n);
      matmul(w.up(), xb, hb2, n);
      long h = (long) n * c.hiddenDim();
      launch("swiglu", LaunchGeometry.flat(h), hb, hb2, h);
      matmul(w.down(), hb, xo, n);
      launch("add", LaunchGeometry.flat((long) n * dim), x, xo, (long) n * dim);
    }
    if (logitRows > 0) {
      long last = x + 4L * (n - logitRows) * dim;
      launch("rms_norm", LaunchGeometry.perRow(logitRows), last, finalNorm, xb, dim, c.rmsEps());
      matmul(output, xb, logits, logitRows);
    }
    stream.synchronize();
  }

  /**
   * Greedy sampling on the device: the index of the largest logit of each of the first {@code n}
   * rows of the last step ({@link #decode} rows in order; 1 after {@link #prefill}), smallest index
   * on ties, as {@code argmax} in {@code layers.cu}.
   */
  public int[] greedy(int n) {
    checkOpen();
    if (n < 1 || n > rows) {
      throw new IllegalArgumentException("rows " + n + " outside 1.." + rows);
    }
    ctx.makeCurrent();
    launch("argmax", LaunchGeometry.perRow(n), logits, c.vocabSize(), tokensDev);
    stream.synchronize();
    int[] out = new int[n];
    work.read(tokensDev - work.address(0), out);
    return out;
  }

  private void matmul(DeviceTensor w, long in, long out, int n) {
    launch(
        "matmul_" + suffix(w.type()),
        LaunchGeometry.matmul(w.rows(), n),
        w.address(),
        w.rowBytes(),
        w.rows(),
        w.cols(),
        in,
        out,
        n);
  }

  private void launch(String kernel, LaunchGeometry g, Object... args) {
    kernels.get(kernel).launch(stream, g, args);
  }

  private Slot slot(KvSlot s) {
    Objects.requireNonNull(s, "sequence");
    if (!(s instanceof Slot) || ((Slot) s).outer() != this) {
      throw new IllegalArgumentException("sequence belongs to another backend");
    }
    Slot slot = (Slot) s;
    if (slot.isClosed()) {
      throw new IllegalArgumentException("sequence is closed");
    }
    return slot;
  }

  private static void checkRoom(Slot s, int n) {
    if (n > s.capacity - s.position) {
      throw new IllegalArgumentException(
          "context full: "
              + n
              + " more positions after "
              + s.position
              + " exceed the capacity of "
              + s.capacity);
    }
  }

  private void checkToken(int t) {
    if (t < 0 || t >= c.vocabSize()) {
      throw new IllegalArgumentException(
          "token " + t + " outside the vocabulary of " + c.vocabSize());
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("CUDA backend is closed");
    }
  }

  /**
   * Frees weights, work buffers, modules and the stream, and releases the context. Sequences still
   * open must be closed first (their caches are not tracked here).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ctx.makeCurrent();
      work.zero();
      work.close();
      weights.close();
      for (Module m : modules) {
        m.close();
      }
      stream.close();
    } finally {
      ctx.close();
      model.close();
    }
  }
}
