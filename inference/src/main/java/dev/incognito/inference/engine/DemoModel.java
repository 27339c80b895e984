package dev.incognito.inference.engine;

import dev.incognito.inference.gguf.GgmlType;
import dev.incognito.inference.gguf.GgufWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The built-in demo model: a Llama-shaped network of {@link #DIM} width, {@link #LAYERS} layers,
 * {@link #HEADS} heads ({@link #KV_HEADS} KV), feed-forward {@link #HIDDEN}, with random weights
 * from a fixed seed, and a SentencePiece vocabulary of bytes, printable ASCII and ChatML markers.
 * It exercises the whole path (template, tokenizer, batching, streaming) without downloading
 * anything; its output is meaningless. Written as GGUF to a temporary file at start; the same seed
 * gives the same bytes, so the same weights digest, every time.
 */
final class DemoModel {

  static final String ID = "incognito-demo";
  static final int DIM = 256;
  static final int LAYERS = 4;
  static final int HEADS = 8;
  static final int KV_HEADS = 4;
  static final int HIDDEN = 768;
  static final int CONTEXT = 2048;
  static final long SEED = 0x1C06_17E0_DE30L;

  static final String NOTICE =
      "This is the built-in demo model: random weights, so its output is meaningless. To serve a"
          + " real model, set the resource adapter's ModelPath (asadmin"
          + " create-resource-adapter-config --property ModelPath=FILE incognito#jca-gpu-adapter)"
          + " to a GGUF file such as SmolLM2-360M-Instruct or Qwen2.5-0.5B-Instruct.";

  /** ChatML, as Qwen2.5 and SmolLM2 use it. */
  static final String CHAT_TEMPLATE =
      "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' +"
          + " message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt"
          + " %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  private DemoModel() {}

  /** Writes the demo model to a new temporary file, deleted when the JVM exits. */
  static Path write() throws IOException {
    Path file = Files.createTempFile("incognito-demo-", ".gguf");
    file.toFile().deleteOnExit();
    writer().write(file);
    return file;
  }

  static GgufWriter writer() {
    String[] tokens = vocabulary();
    int vocab = tokens.length;
    float[] scores = new float[vocab];
    int[] types = new int[vocab];
    for (int i = 0; i < vocab; i++) {
      String t = tokens[i];
      types[i] = i == 0 ? 2 : (i <= 2 || t.startsWith("<|")) ? 3 : t.startsWith("<0x") ? 6 : 1;
      scores[i] = types[i] == 1 ? -i : 0;
    }
    GgufWriter w = new GgufWriter();
    w.putString("general.architecture", "llama");
    w.putString("general.name", ID);
    w.putUint32("general.file_type", 0);
    w.putUint32("llama.context_length", CONTEXT);
    w.putUint32("llama.embedding_length", DIM);
    w.putUint32("llama.block_count", LAYERS);
    w.putUint32("llama.feed_forward_length", HIDDEN);
    w.putUint32("llama.attention.head_count", HEADS);
    w.putUint32("llama.attention.head_count_kv", KV_HEADS);
    w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    w.putFloat32("llama.rope.freq_base", 10000f);
    w.putUint32("llama.rope.dimension_count", DIM / HEADS);
    w.putUint32("llama.vocab_size", vocab);
    w.putString("tokenizer.ggml.model", "llama");
    w.putStringArray("tokenizer.ggml.tokens", tokens);
    w.putFloat32Array("tokenizer.ggml.scores", scores);
    w.putInt32Array("tokenizer.ggml.token_type", types);
    w.putUint32("tokenizer.ggml.unknown_token_id", 0);
    w.putUint32("tokenizer.ggml.bos_token_id", 1);
    w.putUint32("tokenizer.ggml.eos_token_id", vocab - 1); // <|im_end|> ends a turn
    w.putBool("tokenizer.ggml.add_bos_token", false);
    w.putBool("tokenizer.ggml.add_eos_token", false);
    // No "▁" before each text fragment: ChatML turns begin right after their marker.
    w.putBool("tokenizer.ggml.add_space_prefix", false);
    w.putString("tokenizer.chat_template", CHAT_TEMPLATE);

    int kvDim = KV_HEADS * (DIM / HEADS);
    addRandom(w, "token_embd.weight", 1f, DIM, vocab);
    for (int l = 0; l < LAYERS; l++) {
      String p = "blk." + l + ".";
      addOnes(w, p + "attn_norm.weight", DIM);
      addRandom(w, p + "attn_q.weight", 0, DIM, DIM);
      addRandom(w, p + "attn_k.weight", 0, DIM, kvDim);
      addRandom(w, p + "attn_v.weight", 0, DIM, kvDim);
      addRandom(w, p + "attn_output.weight", 0, DIM, DIM);
      addOnes(w, p + "ffn_norm.weight", DIM);
      addRandom(w, p + "ffn_gate.weight", 0, DIM, HIDDEN);
      addRandom(w, p + "ffn_up.weight", 0, DIM, HIDDEN);
      addRandom(w, p + "ffn_down.weight", 0, HIDDEN, DIM);
    }
    addOnes(w, "output_norm.weight", DIM);
    return w;
  }

  /** {@code <unk>, <s>, </s>}, the 256 byte tokens, printable ASCII, then the ChatML markers. */
  static String[] vocabulary() {
    String[] t = new String[3 + 256 + 95 + 2];
    int i = 0;
    t[i++] = "<unk>";
    t[i++] = "<s>";
    t[i++] = "</s>";
    for (int b = 0; b < 256; b++) {
      t[i++] = String.format("<0x%02X>", b);
    }
    for (char c = ' '; c <= '~'; c++) {
      t[i++] = c == ' ' ? "\u2581" : String.valueOf(c);
    }
    t[i++] = "<|im_start|>";
    t[i++] = "<|im_end|>";
    return t;
  }

  private static void addOnes(GgufWriter w, String name, int n) {
    float[] v = new float[n];
    java.util.Arrays.fill(v, 1f);
    w.addTensor(name, GgmlType.F32, new long[] {n}, out -> writeF32(v, out));
  }

  /**
   * A matrix {@code (rows, cols)} with {@code ne0 = cols}, uniform in ±scale; scale 0 means sqrt(3
   * / cols), a variance of 1 / cols, which keeps activations of order one.
   */
  private static void addRandom(GgufWriter w, String name, float scale, int cols, int rows) {
    float a = scale > 0 ? scale : (float) Math.sqrt(3.0 / cols);
    long seed = SEED ^ name.hashCode();
    w.addTensor(
        name,
        GgmlType.F32,
        new long[] {cols, rows},
        out -> {
          SplittableRandom r = new SplittableRandom(seed);
          float[] v = new float[cols * rows];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * a);
          }
          writeF32(v, out);
        });
  }

  private static void writeF32(float[] v, OutputStream out) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    out.write(b.array());
  }
}
