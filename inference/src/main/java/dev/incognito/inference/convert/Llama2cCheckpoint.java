package dev.incognito.inference.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a llama2.c legacy checkpoint ({@code run.c}): seven little-endian int32 (dim, hidden_dim,
 * n_layers, n_heads, n_kv_heads, vocab_size — negative when the classifier is stored — and
 * seq_len), then float32 sections: token embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3,
 * rms_final, the RoPE tables, and the classifier when unshared. Matrices are {@code (out, in)}
 * row-major, which is GGUF's layout with {@code ne0 = in}. RoPE already rotates interleaved pairs,
 * as llama.cpp's {@code llama} architecture does, so no permutation is needed.
 */
final class Llama2cCheckpoint {

  private static final int HEADER_BYTES = 7 * 4;
  private static final int MAX_DIM = 1 << 16;
  private static final int MAX_LAYERS = 1024;
  private static final int MAX_VOCAB = 1 << 22;
  private static final int MAX_CONTEXT = 1 << 22;

  private Llama2cCheckpoint() {}

  static SourceModel read(Path file) throws ConversionException {
    int[] h = new int[7];
    long size;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      size = ch.size();
      ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining() && ch.read(b) >= 0) {}
      if (b.hasRemaining()) {
        throw new ConversionException(file, "shorter than a llama2.c header");
      }
      b.flip();
      for (int i = 0; i < 7; i++) {
        h[i] = b.getInt();
      }
    } catch (IOException e) {
      throw new ConversionException(file, "cannot read: " + e.getMessage(), e);
    }
    int dim = h[0];
    int hidden = h[1];
    int layers = h[2];
    int heads = h[3];
    int kvHeads = h[4];
    boolean shared = h[5] > 0;
    int vocab = Math.abs(h[5]);
    int seqLen = h[6];
    if (dim < 1
        || dim > MAX_DIM
        || hidden < 1
        || hidden > 4 * MAX_DIM
        || layers < 1
        || layers > MAX_LAYERS
        || heads < 1
        || dim % heads != 0
        || kvHeads < 1
        || heads % kvHeads != 0
        || vocab < 1
        || vocab > MAX_VOCAB
        || seqLen < 1
        || seqLen > MAX_CONTEXT) {
      throw new ConversionException(file, "not a llama2.c checkpoint (implausible header)");
    }
    long kvDim = (long) kvHeads * (dim / heads);
    long[] sections = {
      (long) vocab * dim,
      (long) layers * dim,
      (long) layers * dim * dim,
      (long) layers * dim * kvDim,
      (long) layers * dim * kvDim,
      (long) layers * dim * dim,
      (long) layers * dim,
      (long) layers * dim * hidden,
      (long) layers * hidden * dim,
      (long) layers * dim * hidden,
      dim,
      (long) seqLen * (dim / heads), // freq_cis_real and freq_cis_imag, unused
      shared ? 0 : (long) vocab * dim
    };
    long[] start = new long[sections.length];
    long off = HEADER_BYTES;
    for (int i = 0; i < sections.length; i++) {
      start[i] = off;
      off += 4 * sections[i];
    }
    if (size != off) {
      throw new ConversionException(
          file, "size " + size + " bytes does not match the header's " + off);
    }
    List<SourceModel.Tensor> t = new ArrayList<>();
    t.add(tensor(file, "token_embd.weight", start[0], dim, vocab));
    for (int l = 0; l < layers; l++) {
      String p = "blk." + l + ".";
      t.add(tensor(file, p + "attn_norm.weight", start[1] + 4L * l * dim, dim));
      t.add(tensor(file, p + "attn_q.weight", start[2] + 4L * l * dim * dim, dim, dim));
      t.add(tensor(file, p + "attn_k.weight", start[3] + 4L * l * dim * kvDim, dim, kvDim));
      t.add(tensor(file, p + "attn_v.weight", start[4] + 4L * l * dim * kvDim, dim, kvDim));
      t.add(tensor(file, p + "attn_output.weight", start[5] + 4L * l * dim * dim, dim, dim));
      t.add(tensor(file, p + "ffn_norm.weight", start[6] + 4L * l * dim, dim));
      t.add(tensor(file, p + "ffn_gate.weight", start[7] + 4L * l * dim * hidden, dim, hidden));
      t.add(tensor(file, p + "ffn_down.weight", start[8] + 4L * l * hidden * dim, hidden, dim));
      t.add(tensor(file, p + "ffn_up.weight", start[9] + 4L * l * dim * hidden, dim, hidden));
    }
    t.add(tensor(file, "output_norm.weight", start[10], dim));
    if (!shared) {
      t.add(tensor(file, "output.weight", start[12], dim, vocab));
    }
    String name = file.getFileName().toString().replaceFirst("\\.bin$", "");
    return new SourceModel(
        name, dim, hidden, layers, heads, kvHeads, vocab, seqLen, 1e-5f, 10000f, t);
  }

  private static SourceModel.Tensor tensor(Path file, String name, long offset, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    long count = n;
    return new SourceModel.Tensor(name, dims, () -> readFloats(file, offset, count));
  }

  /** Reads {@code count} little-endian float32 at byte {@code offset}. */
  static float[] readFloats(Path file, long offset, long count) throws IOException {
    if (count > Integer.MAX_VALUE / 4) {
      throw new IOException("tensor of " + count + " floats is too large to convert in one piece");
    }
    ByteBuffer b = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long pos = offset;
      while (b.hasRemaining()) {
        int r = ch.read(b, pos);
        if (r < 0) {
          throw new IOException("unexpected end of file");
        }
        pos += r;
      }
    }
    b.flip();
    float[] out = new float[(int) count];
    b.asFloatBuffer().get(out);
    return out;
  }
}
