package dev.incognito.inference.engine;

import dev.incognito.inference.model.LlamaModel;
import dev.incognito.inference.model.Sequence;
import java.util.ArrayList;
import java.util.List;

/** The CPU forward pass: {@link LlamaModel} with one {@link Sequence} per request. */
final class LlamaForward implements ForwardPass {

  private final LlamaModel model;

  LlamaForward(LlamaModel model) {
    this.model = model;
  }

  /** A request's KV cache; closing zeroes it. */
  private record Slot(Sequence sequence) implements KvSlot {
    @Override
    public void close() {
      sequence.close();
    }
  }

  @Override
  public int vocabSize() {
    return model.config().vocabSize();
  }

  @Override
  public int maxContext() {
    return model.config().contextLength();
  }

  @Override
  public KvSlot newSequence(int maxContext) {
    return new Slot(model.newSequence(maxContext));
  }

  @Override
  public float[] prefill(KvSlot sequence, int[] tokens) {
    return model.prefill(((Slot) sequence).sequence(), tokens);
  }

  @Override
  public void decode(List<KvSlot> sequences, int[] tokens, float[][] logitsOut) {
    List<Sequence> seqs = new ArrayList<>(sequences.size());
    for (KvSlot s : sequences) {
      seqs.add(((Slot) s).sequence());
    }
    model.decode(seqs, tokens, logitsOut);
  }

  @Override
  public void close() {
    model.close();
  }
}
