package dev.incognito.inference.model;

import dev.incognito.inference.cpu.Tensor;
import java.nio.file.Path;
import java.util.List;

/**
 * All weights of a Llama-family decoder, shapes checked against a {@link ModelConfig}. Matrices are
 * {@code (out, in)}: {@code rows = out}. Norm weights and biases are small and held as floats.
 */
public record LlamaWeights(
    Tensor tokenEmbedding, // (vocab, dim)
    List<Layer> layers,
    float[] finalNorm, // (dim)
    Tensor output) { // (vocab, dim); the embedding itself when tied

  public record Layer(
      float[] attnNorm, // (dim)
      Tensor wq, // (heads * headDim, dim)
      Tensor wk, // (kvHeads * headDim, dim)
      Tensor wv, // (kvHeads * headDim, dim)
      Tensor wo, // (dim, heads * headDim)
      float[] bq, // (heads * headDim) or null
      float[] bk, // (kvHeads * headDim) or null
      float[] bv, // (kvHeads * headDim) or null
      float[] ffnNorm, // (dim)
      Tensor gate, // (hidden, dim), w1
      Tensor up, // (hidden, dim), w3
      Tensor down) {} // (dim, hidden), w2

  /** Checks every shape against {@code c}. */
  void validate(ModelConfig c, Path file) throws ModelFormatException {
    shape(file, tokenEmbedding, c.vocabSize(), c.dim());
    shape(file, output, c.vocabSize(), c.dim());
    length(file, "output_norm", finalNorm, c.dim());
    if (layers.size() != c.layers()) {
      throw new ModelFormatException(
          file, layers.size() + " layers of weights for " + c.layers() + " declared");
    }
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      String p = "layer " + i + " ";
      length(file, p + "attn_norm", l.attnNorm, c.dim());
      length(file, p + "ffn_norm", l.ffnNorm, c.dim());
      shape(file, l.wq, c.qDim(), c.dim());
      shape(file, l.wk, c.kvDim(), c.dim());
      shape(file, l.wv, c.kvDim(), c.dim());
      shape(file, l.wo, c.dim(), c.qDim());
      shape(file, l.gate, c.hiddenDim(), c.dim());
      shape(file, l.up, c.hiddenDim(), c.dim());
      shape(file, l.down, c.dim(), c.hiddenDim());
      if (c.qkvBias()) {
        length(file, p + "q bias", l.bq, c.qDim());
        length(file, p + "k bias", l.bk, c.kvDim());
        length(file, p + "v bias", l.bv, c.kvDim());
      } else if (l.bq != null || l.bk != null || l.bv != null) {
        throw new ModelFormatException(file, p + "has q/k/v biases the config does not declare");
      }
    }
  }

  private static void shape(Path file, Tensor t, int rows, int cols) throws ModelFormatException {
    if (t == null) {
      throw new ModelFormatException(file, "missing a " + rows + "x" + cols + " tensor");
    }
    if (t.rows() != rows || t.cols() != cols) {
      throw new ModelFormatException(
          file,
          "tensor "
              + t.name()
              + " is "
              + t.rows()
              + "x"
              + t.cols()
              + ", expected "
              + rows
              + "x"
              + cols);
    }
  }

  private static void length(Path file, String what, float[] v, int n) throws ModelFormatException {
    if (v == null || v.length != n) {
      throw new ModelFormatException(
          file, what + " has " + (v == null ? "no" : v.length) + " values, expected " + n);
    }
  }
}
