package dev.incognito.inference.sampling;

import dev.incognito.inference.api.SamplingParams;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses the next token from a vector of logits, as {@link SamplingParams} asks. One sampler
 * belongs to one sequence: it keeps the recent tokens for the repetition penalty and the seeded
 * random generator, so that the same seed, prompt and model give the same tokens.
 *
 * <p>The steps, in order:
 *
 * <ol>
 *   <li>repetition penalty over the last {@link #REPETITION_WINDOW} accepted tokens, as llama.cpp
 *       applies it: a positive logit is divided by the penalty, a negative one multiplied, once per
 *       distinct token;
 *   <li>temperature 0: the most likely token (ties go to the lowest id), nothing else applies;
 *   <li>logits divided by the temperature, softmax;
 *   <li>top-k: the k most likely tokens;
 *   <li>top-p: the smallest set of the most likely tokens whose probability reaches p;
 *   <li>min-p: drop tokens whose probability is below min-p times the top probability;
 *   <li>renormalise and draw from the remaining tokens with {@link SplittableRandom} seeded by
 *       {@link SamplingParams#seed()}.
 * </ol>
 *
 * Candidates are ranked by probability, ties by lower id, so that every filter and the draw are
 * deterministic. Not thread-safe.
 */
public final class Sampler {

  /** Tokens remembered for the repetition penalty (llama.cpp's default {@code penalty_last_n}). */
  public static final int REPETITION_WINDOW = 64;

  private final SamplingParams params;
  private final SplittableRandom random;
  private final int[] recent = new int[REPETITION_WINDOW]; // ring buffer of token ids
  private int recentCount;
  private int recentNext;

  public Sampler(SamplingParams params) {
    this.params = java.util.Objects.requireNonNull(params, "params");
    this.random = new SplittableRandom(params.seed());
  }

  /** Records a token of the prompt or of the output, for the repetition penalty. */
  public void accept(int token) {
    recent[recentNext] = token;
    recentNext = (recentNext + 1) % REPETITION_WINDOW;
    recentCount = Math.min(recentCount + 1, REPETITION_WINDOW);
  }

  /**
   * Chooses the next token. {@code logits} is changed in place (the penalty is applied to it). Does
   * not {@link #accept} the chosen token: the caller does, once it keeps it.
   *
   * @param logits one logit per vocabulary entry; must be finite or negative infinity
   * @return the chosen token id, in {@code [0, logits.length)}
   */
  public int sample(float[] logits) {
    applyRepetitionPenalty(logits);
    if (params.isGreedy()) {
      return argmax(logits);
    }
    Candidates c = filtered(logits);
    double u = random.nextDouble() * c.total;
    double acc = 0;
    for (int i = 0; i < c.size; i++) {
      acc += c.prob[i];
      if (u < acc) {
        return c.id[i];
      }
    }
    return c.id[c.size - 1]; // rounding: u landed on the total
  }

  /**
   * The distribution that {@link #sample} draws from, after every filter and renormalisation, one
   * probability per vocabulary entry (zero for filtered tokens). For greedy sampling, 1 for the
   * chosen token. Applies the penalty to {@code logits} like {@link #sample}.
   */
  double[] distribution(float[] logits) {
    applyRepetitionPenalty(logits);
    double[] out = new double[logits.length];
    if (params.isGreedy()) {
      out[argmax(logits)] = 1;
      return out;
    }
    Candidates c = filtered(logits);
    for (int i = 0; i < c.size; i++) {
      out[c.id[i]] = c.prob[i] / c.total;
    }
    return out;
  }

  private void applyRepetitionPenalty(float[] logits) {
    double penalty = params.repetitionPenalty();
    if (penalty == 1 || recentCount == 0) {
      return;
    }
    int[] seen = Arrays.copyOf(recent, recentCount);
    Arrays.sort(seen);
    for (int i = 0; i < seen.length; i++) {
      int t = seen[i];
      if ((i > 0 && seen[i - 1] == t) || t < 0 || t >= logits.length) {
        continue;
      }
      logits[t] = (float) (logits[t] > 0 ? logits[t] / penalty : logits[t] * penalty);
    }
  }

  /** The index of the largest logit, the lowest such index on ties. */
  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Candidate tokens with unnormalised probabilities, most likely first. */
  private static final class Candidates {
    int[] id;
    double[] prob;
    int size;
    double total;
  }

  private Candidates filtered(float[] logits) {
    int n = logits.length;
    double invTemp = 1.0 / params.temperature();
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    int size = n;
    int[] order;
    if (params.topK() == 0 && params.topP() == 1 && params.minP() == 0) {
      order = null; // no filter: id order is as deterministic as rank order, and cheaper
    } else {
      order = rank(logits);
    }
    if (params.topK() > 0) {
      size = Math.min(size, params.topK());
    }
    Candidates c = new Candidates();
    c.id = new int[size];
    c.prob = new double[size];
    double sum = 0;
    for (int i = 0; i < size; i++) {
      int t = order == null ? i : order[i];
      c.id[i] = t;
      c.prob[i] = Math.exp((logits[t] - max) * invTemp);
      sum += c.prob[i];
    }
    // Top-p: the minimal prefix whose probability reaches p.
    if (params.topP() < 1) {
      double target = params.topP() * sum;
      double acc = 0;
      int keep = size;
      for (int i = 0; i < size; i++) {
        acc += c.prob[i];
        if (acc >= target) {
          keep = i + 1;
          break;
        }
      }
      size = keep;
    }
    // Min-p: relative to the top probability, which sits at index 0 once ranked.
    if (params.minP() > 0) {
      double threshold = params.minP() * c.prob[0];
      int keep = 1;
      while (keep < size && c.prob[keep] >= threshold) {
        keep++;
      }
      size = keep;
    }
    c.size = size;
    double total = 0;
    for (int i = 0; i < size; i++) {
      total += c.prob[i];
    }
    c.total = total;
    return c;
  }

  /**
   * Token ids by descending logit, ties by ascending id. Sorts packed {@code long}s (an order-
   * preserving int image of the negated logit above the id) instead of boxed comparators.
   */
  static int[] rank(float[] logits) {
    long[] keys = new long[logits.length];
    for (int i = 0; i < logits.length; i++) {
      int bits = Float.floatToIntBits(-logits[i] + 0.0f); // + 0.0f folds -0 into +0
      int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
      keys[i] = ((long) sortable << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }
}
