package dev.incognito.inference.api;

/**
 * How the next token is chosen. Temperature 0 means greedy. Values are validated here so that an
 * invalid configuration cannot exist.
 *
 * @param temperature 0 (greedy) to 2
 * @param topK keep the k most likely tokens; 0 disables
 * @param topP nucleus: keep the smallest set whose probability reaches p; 1 disables
 * @param minP drop tokens below minP times the top probability; 0 disables
 * @param repetitionPenalty divide positive (multiply negative) logits of tokens already seen; 1
 *     disables
 * @param seed seed of the random generator, so that a run can be repeated
 */
public record SamplingParams(
    double temperature, int topK, double topP, double minP, double repetitionPenalty, long seed) {

  public static final double MAX_TEMPERATURE = 2.0;
  public static final int MAX_TOP_K = 1 << 20;
  public static final double MAX_REPETITION_PENALTY = 10.0;

  public SamplingParams {
    if (!(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
      throw new IllegalArgumentException("temperature must be between 0 and " + MAX_TEMPERATURE);
    }
    if (topK < 0 || topK > MAX_TOP_K) {
      throw new IllegalArgumentException("top_k must be between 0 and " + MAX_TOP_K);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1]");
    }
    if (!(minP >= 0 && minP < 1)) {
      throw new IllegalArgumentException("min_p must be in [0, 1)");
    }
    if (!(repetitionPenalty > 0 && repetitionPenalty <= MAX_REPETITION_PENALTY)) {
      throw new IllegalArgumentException(
          "repetition_penalty must be in (0, " + MAX_REPETITION_PENALTY + "]");
    }
  }

  /** Greedy decoding: always the most likely token. */
  public static SamplingParams greedy() {
    return new SamplingParams(0, 0, 1, 0, 1, 0);
  }

  /** Temperature sampling with the other filters off. */
  public static SamplingParams temperature(double temperature, long seed) {
    return new SamplingParams(temperature, 0, 1, 0, 1, seed);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }
}
