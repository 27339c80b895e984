package dev.incognito.inference.model;

/**
 * The shape and hyper-parameters of a Llama-family decoder (Llama 2/3, Qwen2, TinyStories).
 *
 * @param dim model width (embedding length)
 * @param hiddenDim feed-forward width (SwiGLU)
 * @param layers decoder blocks
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention: {@code heads % kvHeads == 0})
 * @param headDim width of one head (even); usually {@code dim / heads}
 * @param vocabSize tokens in the vocabulary (rows of the embedding and classifier)
 * @param contextLength most positions a sequence may hold
 * @param rmsEps epsilon inside RMSNorm's square root
 * @param ropeTheta RoPE base
 * @param ropeStyle which dimensions RoPE rotates together
 * @param ropeScaling frequency scaling for long contexts
 * @param tiedEmbeddings the classifier is the token embedding matrix
 * @param qkvBias the q/k/v projections have biases (Qwen2)
 */
public record ModelConfig(
    int dim,
    int hiddenDim,
    int layers,
    int heads,
    int kvHeads,
    int headDim,
    int vocabSize,
    int contextLength,
    float rmsEps,
    float ropeTheta,
    RopeStyle ropeStyle,
    RopeScaling ropeScaling,
    boolean tiedEmbeddings,
    boolean qkvBias) {

  /** Largest model width accepted. */
  public static final int MAX_DIM = 1 << 16;

  /** Largest feed-forward width accepted. */
  public static final int MAX_HIDDEN_DIM = 1 << 18;

  /** Most decoder blocks accepted. */
  public static final int MAX_LAYERS = 1024;

  /** Most attention heads accepted. */
  public static final int MAX_HEADS = 1024;

  /** Widest attention head accepted. */
  public static final int MAX_HEAD_DIM = 1024;

  /** Largest vocabulary accepted. */
  public static final int MAX_VOCAB = 1 << 22;

  /** Longest context accepted (positions). */
  public static final int MAX_CONTEXT = 1 << 22;

  /** Which pairs of dimensions within a head RoPE rotates. */
  public enum RopeStyle {
    /** Adjacent pairs (2i, 2i+1): llama2.c, Meta's original code, llama.cpp's llama arch. */
    INTERLEAVED,
    /** Pairs (i, i + headDim/2), "rotate half": Hugging Face transformers, Qwen2 in GGUF. */
    HALF
  }

  public ModelConfig {
    check(dim, MAX_DIM, "dim");
    check(hiddenDim, MAX_HIDDEN_DIM, "hidden dim");
    check(layers, MAX_LAYERS, "layers");
    check(heads, MAX_HEADS, "heads");
    check(kvHeads, heads, "kv heads");
    check(headDim, MAX_HEAD_DIM, "head dim");
    check(vocabSize, MAX_VOCAB, "vocab size");
    check(contextLength, MAX_CONTEXT, "context length");
    if (heads % kvHeads != 0) {
      throw new IllegalArgumentException(
          heads + " heads do not divide into " + kvHeads + " groups");
    }
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("head dim " + headDim + " is odd");
    }
    if (!(rmsEps > 0f) || rmsEps > 1f) {
      throw new IllegalArgumentException("rms eps " + rmsEps + " outside (0, 1]");
    }
    if (!(ropeTheta > 1f) || Float.isInfinite(ropeTheta)) {
      throw new IllegalArgumentException("rope theta " + ropeTheta + " must be finite and > 1");
    }
    if (ropeStyle == null || ropeScaling == null) {
      throw new IllegalArgumentException("rope style and scaling are required");
    }
    if (ropeScaling.kind() == RopeScaling.Kind.FREQUENCY_FACTORS
        && ropeScaling.frequencyFactors().length != headDim / 2) {
      throw new IllegalArgumentException(
          ropeScaling.frequencyFactors().length
              + " rope frequency factors for head dim "
              + headDim);
    }
  }

  private static void check(int value, int max, String what) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(what + " " + value + " outside 1.." + max);
    }
  }

  /** Width of all query heads together: {@code heads * headDim}. */
  public int qDim() {
    return heads * headDim;
  }

  /** Width of all key (or value) heads together: {@code kvHeads * headDim}. */
  public int kvDim() {
    return kvHeads * headDim;
  }

  /** RoPE inverse frequencies, {@code headDim / 2} of them, scaled: {@code theta^(-2i/headDim)}. */
  public double[] ropeFrequencies() {
    double[] f = new double[headDim / 2];
    for (int i = 0; i < f.length; i++) {
      f[i] = ropeScaling.apply(i, 1.0 / Math.pow(ropeTheta, 2.0 * i / headDim));
    }
    return f;
  }
}
