package dev.incognito.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.incognito.inference.api.SamplingParams;
import org.junit.jupiter.api.Test;

class SamplerTest {

  private static final double EPS = 1e-9;

  /** Logits ln(p) for p = 0.5, 0.25, 0.15, 0.1: softmax at temperature 1 gives p back. */
  private static float[] quarterLogits() {
    return new float[] {
      (float) Math.log(0.5), (float) Math.log(0.25), (float) Math.log(0.15), (float) Math.log(0.1)
    };
  }

  private static SamplingParams params(double t, int k, double p, double minP, double penalty) {
    return new SamplingParams(t, k, p, minP, penalty, 42);
  }

  @Test
  void greedy_picksLargestLogit() {
    Sampler s = new Sampler(SamplingParams.greedy());
    assertEquals(2, s.sample(new float[] {0.1f, -3f, 7f, 6.9f}));
  }

  @Test
  void greedy_tiesGoToLowestId() {
    Sampler s = new Sampler(SamplingParams.greedy());
    assertEquals(1, s.sample(new float[] {-1f, 5f, 2f, 5f, 5f}));
  }

  @Test
  void temperatureOne_distributionIsSoftmax() {
    double[] d = new Sampler(params(1, 0, 1, 0, 1)).distribution(quarterLogits());
    assertArrayEquals(new double[] {0.5, 0.25, 0.15, 0.1}, d, 1e-6);
  }

  @Test
  void temperature_sharpensBySquaringAtOneHalf() {
    // T = 0.5: p_i^2 / sum p^2 with sum = 0.25 + 0.0625 + 0.0225 + 0.01 = 0.345
    double[] d = new Sampler(params(0.5, 0, 1, 0, 1)).distribution(quarterLogits());
    assertArrayEquals(
        new double[] {0.25 / 0.345, 0.0625 / 0.345, 0.0225 / 0.345, 0.01 / 0.345}, d, 1e-6);
  }

  @Test
  void topK_keepsKMostLikelyAndRenormalises() {
    double[] d = new Sampler(params(1, 2, 1, 0, 1)).distribution(quarterLogits());
    assertArrayEquals(new double[] {0.5 / 0.75, 0.25 / 0.75, 0, 0}, d, 1e-6);
  }

  @Test
  void topP_keepsMinimalNucleus() {
    // 0.5 + 0.25 = 0.75 >= 0.7: two tokens are enough; a third would not be minimal.
    double[] d = new Sampler(params(1, 0, 0.7, 0, 1)).distribution(quarterLogits());
    assertArrayEquals(new double[] {0.5 / 0.75, 0.25 / 0.75, 0, 0}, d, 1e-6);
  }

  @Test
  void topP_justAboveBoundaryTakesOneMore() {
    // 0.76 > 0.75: the nucleus needs the 0.15 token as well.
    double[] d = new Sampler(params(1, 0, 0.76, 0, 1)).distribution(quarterLogits());
    assertArrayEquals(new double[] {0.5 / 0.9, 0.25 / 0.9, 0.15 / 0.9, 0}, d, 1e-6);
  }

  @Test
  void minP_dropsTokensBelowFractionOfTop() {
    // threshold 0.29 * 0.5 = 0.145: 0.15 stays, 0.1 goes.
    double[] d = new Sampler(params(1, 0, 1, 0.29, 1)).distribution(quarterLogits());
    assertArrayEquals(new double[] {0.5 / 0.9, 0.25 / 0.9, 0.15 / 0.9, 0}, d, 1e-6);
  }

  @Test
  void filtersCompose_topKThenTopPThenMinP() {
    // top-k 3 → {0.5, 0.25, 0.15} (sum 0.9); top-p 0.8 of 0.9 = 0.72 → {0.5, 0.25};
    // min-p 0.6 → threshold 0.3 drops 0.25.
    double[] d = new Sampler(params(1, 3, 0.8, 0.6, 1)).distribution(quarterLogits());
    assertArrayEquals(new double[] {1, 0, 0, 0}, d, EPS);
  }

  @Test
  void repetitionPenalty_dividesPositiveAndMultipliesNegativeLogits() {
    Sampler s = new Sampler(params(0, 0, 1, 0, 2));
    s.accept(0);
    s.accept(1);
    s.accept(1); // a repeated token is penalised once
    float[] logits = {4f, -2f, 3f, 1f};
    s.sample(logits);
    assertArrayEquals(new float[] {2f, -4f, 3f, 1f}, logits);
  }

  @Test
  void repetitionPenalty_changesGreedyChoice() {
    Sampler s = new Sampler(params(0, 0, 1, 0, 2));
    s.accept(0);
    assertEquals(2, s.sample(new float[] {4f, -2f, 3f, 1f}));
  }

  @Test
  void repetitionPenalty_forgetsTokensOutsideTheWindow() {
    Sampler s = new Sampler(params(0, 0, 1, 0, 2));
    s.accept(0);
    for (int i = 0; i < Sampler.REPETITION_WINDOW; i++) {
      s.accept(3);
    }
    float[] logits = {4f, -2f, 3f, 1f};
    s.sample(logits);
    assertArrayEquals(new float[] {4f, -2f, 3f, 0.5f}, logits);
  }

  @Test
  void sameSeed_sameTokens_otherSeed_otherTokens() {
    int[] a = draw(7, 200);
    int[] b = draw(7, 200);
    int[] c = draw(8, 200);
    assertArrayEquals(a, b);
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
  }

  @Test
  void sampling_frequenciesFollowDistribution() {
    Sampler s = new Sampler(new SamplingParams(1, 0, 1, 0, 1, 1234));
    int[] counts = new int[4];
    int n = 20000;
    for (int i = 0; i < n; i++) {
      counts[s.sample(quarterLogits())]++;
    }
    double[] expected = {0.5, 0.25, 0.15, 0.1};
    for (int i = 0; i < 4; i++) {
      // 5 standard deviations of a binomial proportion at n = 20000 is below 0.018
      assertEquals(expected[i], counts[i] / (double) n, 0.018, "token " + i);
    }
  }

  @Test
  void sampling_neverPicksFilteredToken() {
    Sampler s = new Sampler(new SamplingParams(2, 2, 1, 0, 1, 99));
    for (int i = 0; i < 500; i++) {
      int t = s.sample(quarterLogits());
      assertEquals(true, t == 0 || t == 1, "token " + t);
    }
  }

  @Test
  void rank_ordersByLogitThenId() {
    assertArrayEquals(
        new int[] {3, 1, 4, 0, 2},
        Sampler.rank(new float[] {-1f, 2f, Float.NEGATIVE_INFINITY, 5f, 2f}));
    assertArrayEquals(new int[] {0, 1, 2}, Sampler.rank(new float[] {0f, -0f, -1e-30f}));
  }

  private static int[] draw(long seed, int n) {
    Sampler s = new Sampler(new SamplingParams(1, 0, 1, 0, 1, seed));
    float[] base = new float[32];
    for (int i = 0; i < base.length; i++) {
      base[i] = (float) Math.sin(i);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = s.sample(base.clone());
    }
    return out;
  }
}
