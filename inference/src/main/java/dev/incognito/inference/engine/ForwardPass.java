package dev.incognito.inference.engine;

import java.util.List;

/**
 * The forward pass the scheduler drives, one backend's view of a loaded model. Called from the
 * engine's single decode thread only. Implemented by the CPU backend ({@code LlamaForward}) and the
 * CUDA backend ({@code dev.incognito.inference.cuda.CudaForward}).
 */
public interface ForwardPass extends AutoCloseable {

  /** Entries of a logits vector. */
  int vocabSize();

  /** Positions the model supports (its trained context), at least 1. */
  int maxContext();

  /** A new, empty KV cache for one sequence of at most {@code maxContext} positions. */
  KvSlot newSequence(int maxContext);

  /**
   * Appends {@code tokens} to the sequence and returns the logits after the last one, {@code
   * (vocabSize)}.
   */
  float[] prefill(KvSlot sequence, int[] tokens);

  /**
   * Appends {@code tokens[i]} to {@code sequences.get(i)} for every i in one step, writing the
   * logits of sequence i into {@code logitsOut[i]} {@code (vocabSize)}.
   */
  void decode(List<KvSlot> sequences, int[] tokens, float[][] logitsOut);

  @Override
  void close();

  /** One sequence's KV cache; closing it clears and frees it. */
  interface KvSlot extends AutoCloseable {
    @Override
    void close();
  }
}
