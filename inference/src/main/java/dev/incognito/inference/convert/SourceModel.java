package dev.incognito.inference.convert;

import java.io.IOException;
import java.util.List;

/**
 * A model read for conversion, in GGUF's terms: the {@code llama.*} hyper-parameters and the
 * tensors under their llama.cpp names, each read only when it is written.
 */
record SourceModel(
    String name,
    int dim,
    int hiddenDim,
    int layers,
    int heads,
    int kvHeads,
    int vocabSize,
    int contextLength,
    float rmsEps,
    float ropeTheta,
    List<Tensor> tensors) {

  /** Reads a tensor's values, row-major with {@code ne0} fastest. */
  @FunctionalInterface
  interface FloatReader {
    float[] read() throws IOException;
  }

  /**
   * One tensor.
   *
   * @param name the llama.cpp name ({@code blk.0.attn_q.weight})
   * @param dims GGUF order: {@code ne0} (the input width of a matrix) first
   * @param values reads the values
   */
  record Tensor(String name, long[] dims, FloatReader values) {
    long elements() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return n;
    }

    boolean isMatrix() {
      return dims.length == 2;
    }
  }

  int headDim() {
    return dim / heads;
  }
}
