package dev.incognito.inference.model;

import java.util.Arrays;

/**
 * The key/value cache of one request: per layer, keys and values for up to {@link #capacity()}
 * positions. Belongs to one request and one thread at a time; {@link #close()} zeroes and drops the
 * cache. Created by {@link LlamaModel#newSequence(int)}.
 */
public final class Sequence implements AutoCloseable {
  private final LlamaModel model;
  private final int capacity;
  private float[][] keys; // per layer (capacity, kvDim)
  private float[][] values; // per layer (capacity, kvDim)
  private int position;

  Sequence(LlamaModel model, int capacity, int layers, int kvDim) {
    this.model = model;
    this.capacity = capacity;
    this.keys = new float[layers][capacity * kvDim];
    this.values = new float[layers][capacity * kvDim];
  }

  /** Positions already in the cache (the next token goes at this position). */
  public int position() {
    return position;
  }

  /** Most positions this sequence can hold. */
  public int capacity() {
    return capacity;
  }

  /** Positions still free. */
  public int remaining() {
    return capacity - position;
  }

  /** Whether {@link #close()} has run. */
  public boolean isClosed() {
    return keys == null;
  }

  LlamaModel model() {
    return model;
  }

  float[] keys(int layer) {
    return keys[layer];
  }

  float[] values(int layer) {
    return values[layer];
  }

  void advance(int n) {
    position += n;
  }

  /** Zeroes the cache and releases it; later use fails with IllegalStateException. */
  @Override
  public void close() {
    if (keys == null) {
      return;
    }
    for (float[] k : keys) {
      Arrays.fill(k, 0f);
    }
    for (float[] v : values) {
      Arrays.fill(v, 0f);
    }
    keys = null;
    values = null;
    position = 0;
  }
}
