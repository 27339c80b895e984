// Decode throughput of the CUDA backend against the CPU backend in the same run, and against the
// HBM roofline: a memory-bound decode step must read every weight byte once (plus each sequence's
// KV cache), so tokens/s <= batch * bandwidth / (weights + KV bytes read).
// Run by bench/gpu-check.sh (needs a CUDA device): java -cp <jars> bench/CudaDecodeBench.java MODEL
import dev.incognito.inference.cuda.CudaForward;
import dev.incognito.inference.engine.ForwardPass.KvSlot;
import dev.incognito.inference.model.LlamaModel;
import dev.incognito.inference.model.LoadOptions;
import dev.incognito.inference.model.Sequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public class CudaDecodeBench {
  public static void main(String[] args) throws Exception {
    Path model = Path.of(args[0]);
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int batch : new int[] {1, 8, 32}) {
      double cpu = cpuTokensPerSecond(model, threads, batch, Math.min(steps, 32));
      LlamaModel loaded = LlamaModel.load(model, LoadOptions.defaults());
      int context = Math.min(steps + 8, loaded.config().contextLength());
      try (CudaForward gpu = CudaForward.create(loaded, 0, batch, context, s -> {})) {
        int ctx = Math.min(steps + 8, gpu.maxContext());
        List<KvSlot> seqs = new ArrayList<>();
        int[] tokens = new int[batch];
        float[][] logits = new float[batch][gpu.vocabSize()];
        try {
          for (int i = 0; i < batch; i++) {
            KvSlot s = gpu.newSequence(ctx);
            seqs.add(s);
            gpu.prefill(s, new int[] {1});
            tokens[i] = 1 + i;
          }
          int n = Math.min(steps, ctx - 2);
          gpu.decode(seqs, tokens, logits); // warm-up
          long t0 = System.nanoTime();
          for (int step = 1; step < n; step++) {
            gpu.decode(seqs, tokens, logits);
          }
          double secs = (System.nanoTime() - t0) / 1e9;
          double tps = batch * (n - 1) / secs;
          long weights = gpu.memoryPlan().weightBytes();
          // KV read at the mean position of the run, each sequence
          long kv = batch * gpu.memoryPlan().kvBytesPerSequence(Math.max(1, n / 2));
          double roofline = batch * gpu.device().peakBandwidth() / (weights + kv);
          System.out.printf(
              Locale.ROOT,
              "%s batch %2d: CUDA %.1f tok/s, CPU (%d threads) %.1f tok/s, ratio %.2fx;"
                  + " HBM roofline %.1f tok/s (%.0f GB/s peak, %d MiB weights), %.1f %% of it%n",
              gpu.device().name(),
              batch,
              tps,
              threads,
              cpu,
              tps / cpu,
              roofline,
              gpu.device().peakBandwidth() / 1e9,
              weights >> 20,
              100 * tps / roofline);
        } finally {
          for (KvSlot s : seqs) {
            s.close();
          }
        }
      }
    }
  }

  static double cpuTokensPerSecond(Path model, int threads, int batch, int steps)
      throws Exception {
    try (LlamaModel m = LlamaModel.load(model, LoadOptions.defaults().withThreads(threads))) {
      int ctx = Math.min(steps + 8, m.config().contextLength());
      List<Sequence> seqs = new ArrayList<>();
      int[] tokens = new int[batch];
      float[][] logits = new float[batch][m.config().vocabSize()];
      for (int i = 0; i < batch; i++) {
        Sequence s = m.newSequence(ctx);
        seqs.add(s);
        m.prefill(s, new int[] {1});
        tokens[i] = 1 + i;
      }
      int n = Math.min(steps, ctx - 2);
      m.decode(seqs, tokens, logits);
      long t0 = System.nanoTime();
      for (int step = 1; step < n; step++) {
        m.decode(seqs, tokens, logits);
      }
      double tps = batch * (n - 1) / ((System.nanoTime() - t0) / 1e9);
      for (Sequence s : seqs) {
        s.close();
      }
      return tps;
    }
  }
}
