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
 */
public record RopeScaling(
    Kind kind, float factor, float lowFreqFactor, float highFreqFactor, int originalContextLength) {

  /** The scaling rules. */
  public enum Kind {
    NONE,
    LINEAR,
    LLAMA3
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
  }

  /** No scaling. */
  public static RopeScaling none() {
    return new RopeScaling(Kind.NONE, 1f, 0f, 0f, 0);
  }

  /** Positions divided by {@code factor}. */
  public static RopeScaling linear(float factor) {
    return new RopeScaling(Kind.LINEAR, factor, 0f, 0f, 0);
  }

  /** Llama 3.1 scaling. */
  public static RopeScaling llama3(
      float factor, float lowFreqFactor, float highFreqFactor, int originalContextLength) {
    return new RopeScaling(
        Kind.LLAMA3, factor, lowFreqFactor, highFreqFactor, originalContextLength);
  }

  /**
   * Applies the scaling to one inverse frequency (radians per position), as in Hugging Face's
   * {@code _compute_llama3_parameters} and llama.cpp's {@code rope_freqs}.
   */
  double apply(double invFreq) {
    switch (kind) {
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
