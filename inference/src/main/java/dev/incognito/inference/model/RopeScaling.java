package dev.incognito.inference.model;

/**
 * How rotary position frequencies are stretched for contexts beyond training.
 *
 * @param kind NONE, LINEAR (positions divided by {@code factor}) or LLAMA3 (Llama 3.1's
 *     wavelength-dependent blend, {@code rope_scaling.rope_type = "llama3"})
 * @param factor the stretch factor (1 for NONE)
 * @param lowFreqFactor LLAMA3 only: wavelengths above {@code original / lowFreqFactor} are divided
 *     by {@code factor}
 * @param highFreqFactor LLAMA3 only: wavelengths below {@code original / highFreqFactor} are kept
 * @param originalContextLength LLAMA3 only: the context length the model was trained with
 * @param frequencyFactors FREQUENCY_FACTORS only: per rotated pair, the divisor of its frequency
 *     (llama.cpp's {@code rope_freqs.weight}, which GGUF converters write for Llama 3.1); else null
 */
public record RopeScaling(
    Kind kind,
    float factor,
    float lowFreqFactor,
    float highFreqFactor,
    int originalContextLength,
    float[] frequencyFactors) {

  /** The scaling rules. */
  public enum Kind {
    NONE,
    LINEAR,
    LLAMA3,
    FREQUENCY_FACTORS
  }

  public RopeScaling {
    if (kind == null) {
      throw new IllegalArgumentException("rope scaling kind is null");
    }
    if (!(factor > 0f) || Float.isInfinite(factor)) {
      throw new IllegalArgumentException("rope scaling factor must be positive, got " + factor);
    }
    if (kind == Kind.LLAMA3
        && (!(lowFreqFactor > 0f)
            || !(highFreqFactor > lowFreqFactor)
            || Float.isInfinite(highFreqFactor)
            || originalContextLength <= 0)) {
      throw new IllegalArgumentException(
          "llama3 rope scaling needs 0 < low_freq_factor < high_freq_factor and a positive"
              + " original context length");
    }
    if ((kind == Kind.FREQUENCY_FACTORS) != (frequencyFactors != null)) {
      throw new IllegalArgumentException("frequency factors go with FREQUENCY_FACTORS only");
    }
    if (frequencyFactors != null) {
      frequencyFactors = frequencyFactors.clone();
      for (float f : frequencyFactors) {
        if (!(f > 0f) || Float.isInfinite(f)) {
          throw new IllegalArgumentException("rope frequency factor " + f + " is not positive");
        }
      }
    }
  }

  /** The per-pair divisors (a copy), or null. */
  @Override
  public float[] frequencyFactors() {
    return frequencyFactors == null ? null : frequencyFactors.clone();
  }

  /** Each pair's frequency divided by its own factor (llama.cpp's {@code rope_freqs}). */
  public static RopeScaling frequencyFactors(float[] factors) {
    return new RopeScaling(Kind.FREQUENCY_FACTORS, 1f, 0f, 0f, 0, factors);
  }

  /** No scaling. */
  public static RopeScaling none() {
    return new RopeScaling(Kind.NONE, 1f, 0f, 0f, 0, null);
  }

  /** Positions divided by {@code factor}. */
  public static RopeScaling linear(float factor) {
    return new RopeScaling(Kind.LINEAR, factor, 0f, 0f, 0, null);
  }

  /** Llama 3.1 scaling. */
  public static RopeScaling llama3(
      float factor, float lowFreqFactor, float highFreqFactor, int originalContextLength) {
    return new RopeScaling(
        Kind.LLAMA3, factor, lowFreqFactor, highFreqFactor, originalContextLength, null);
  }

  /**
   * Applies the scaling to the inverse frequency (radians per position) of pair {@code i}, as in
   * Hugging Face's {@code _compute_llama3_parameters} and llama.cpp's {@code rope_freqs}.
   */
  double apply(int i, double invFreq) {
    switch (kind) {
      case FREQUENCY_FACTORS:
        return invFreq / frequencyFactors[i];
      case NONE:
        return invFreq;
      case LINEAR:
        return invFreq / factor;
      case LLAMA3:
        {
          double lowFreqWavelen = originalContextLength / (double) lowFreqFactor;
          double highFreqWavelen = originalContextLength / (double) highFreqFactor;
          double wavelen = 2 * Math.PI / invFreq;
          if (wavelen < highFreqWavelen) {
            return invFreq;
          }
          if (wavelen > lowFreqWavelen) {
            return invFreq / factor;
          }
          double smooth =
              (originalContextLength / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
          return (1 - smooth) * invFreq / factor + smooth * invFreq;
        }
      default:
        throw new AssertionError(kind);
    }
  }
}
