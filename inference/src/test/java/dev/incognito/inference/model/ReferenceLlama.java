package dev.incognito.inference.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain float64 Llama forward pass, written from the papers and llama2.c's run.c without sharing
 * code with the model package: the yardstick for the optimised float32 pass.
 */
final class ReferenceLlama {
  /** Weights as doubles; matrices are (out, in). Biases may be null. */
  record Layer(
      double[] attnNorm,
      double[][] wq,
      double[][] wk,
      double[][] wv,
      double[][] wo,
      double[] bq,
      double[] bk,
      double[] bv,
      double[] ffnNorm,
      double[][] gate,
      double[][] up,
      double[][] down) {}

  record Weights(double[][] embedding, List<Layer> layers, double[] finalNorm, double[][] output) {}

  private final Weights w;
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final double eps;
  private final double theta;
  private final boolean interleaved;
  private final double positionScale;
  private final List<List<double[]>> keys = new ArrayList<>();
  private final List<List<double[]>> values = new ArrayList<>();

  ReferenceLlama(Weights w, int heads, int kvHeads, double eps, double theta, boolean interleaved) {
    this(w, heads, kvHeads, eps, theta, interleaved, 1);
  }

  /** With linear RoPE scaling: positions divided by {@code linearFactor}. */
  ReferenceLlama(
      Weights w,
      int heads,
      int kvHeads,
      double eps,
      double theta,
      boolean interleaved,
      double linearFactor) {
    this.positionScale = 1 / linearFactor;
    this.w = w;
    this.heads = heads;
    this.kvHeads = kvHeads;
    this.headDim = w.layers().get(0).wq().length / heads;
    this.eps = eps;
    this.theta = theta;
    this.interleaved = interleaved;
    for (int l = 0; l < w.layers().size(); l++) {
      keys.add(new ArrayList<>());
      values.add(new ArrayList<>());
    }
  }

  /** Feeds one token at the next position; returns the logits. */
  double[] step(int token) {
    int pos = keys.get(0).size();
    double[] x = w.embedding()[token].clone();
    for (int l = 0; l < w.layers().size(); l++) {
      Layer layer = w.layers().get(l);
      double[] xn = rmsNorm(x, layer.attnNorm());
      double[] q = plus(matVec(layer.wq(), xn), layer.bq());
      double[] k = plus(matVec(layer.wk(), xn), layer.bk());
      double[] v = plus(matVec(layer.wv(), xn), layer.bv());
      rotate(q, pos);
      rotate(k, pos);
      keys.get(l).add(k);
      values.get(l).add(v);
      double[] att = new double[q.length];
      int group = heads / kvHeads;
      for (int h = 0; h < heads; h++) {
        int kvh = h / group;
        double[] s = new double[pos + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t <= pos; t++) {
          double dot = 0;
          for (int d = 0; d < headDim; d++) {
            dot += q[h * headDim + d] * keys.get(l).get(t)[kvh * headDim + d];
          }
          s[t] = dot / Math.sqrt(headDim);
          max = Math.max(max, s[t]);
        }
        double sum = 0;
        for (int t = 0; t <= pos; t++) {
          s[t] = Math.exp(s[t] - max);
          sum += s[t];
        }
        for (int t = 0; t <= pos; t++) {
          for (int d = 0; d < headDim; d++) {
            att[h * headDim + d] += s[t] / sum * values.get(l).get(t)[kvh * headDim + d];
          }
        }
      }
      double[] o = matVec(layer.wo(), att);
      for (int i = 0; i < x.length; i++) {
        x[i] += o[i];
      }
      xn = rmsNorm(x, layer.ffnNorm());
      double[] g = matVec(layer.gate(), xn);
      double[] u = matVec(layer.up(), xn);
      for (int i = 0; i < g.length; i++) {
        g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
      }
      double[] d = matVec(layer.down(), g);
      for (int i = 0; i < x.length; i++) {
        x[i] += d[i];
      }
    }
    return matVec(w.output(), rmsNorm(x, w.finalNorm()));
  }

  private void rotate(double[] v, int pos) {
    int half = headDim / 2;
    for (int h = 0; h < v.length / headDim; h++) {
      for (int i = 0; i < half; i++) {
        double angle = pos * positionScale * Math.pow(theta, -2.0 * i / headDim);
        int a = interleaved ? h * headDim + 2 * i : h * headDim + i;
        int b = interleaved ? a + 1 : a + half;
        double v0 = v[a];
        double v1 = v[b];
        v[a] = v0 * Math.cos(angle) - v1 * Math.sin(angle);
        v[b] = v0 * Math.sin(angle) + v1 * Math.cos(angle);
      }
    }
  }

  private double[] rmsNorm(double[] x, double[] weight) {
    double ss = 0;
    for (double v : x) {
      ss += v * v;
    }
    double inv = 1 / Math.sqrt(ss / x.length + eps);
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * inv * weight[i];
    }
    return out;
  }

  private static double[] matVec(double[][] m, double[] x) {
    double[] out = new double[m.length];
    for (int r = 0; r < m.length; r++) {
      double s = 0;
      for (int c = 0; c < x.length; c++) {
        s += m[r][c] * x[c];
      }
      out[r] = s;
    }
    return out;
  }

  private static double[] plus(double[] a, double[] b) {
    if (b != null) {
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
    }
    return a;
  }

  /** Relative L2 distance of {@code actual} from {@code expected}. */
  static double relativeL2(float[] actual, double[] expected) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = actual[i] - expected[i];
      num += d * d;
      den += expected[i] * expected[i];
    }
    return Math.sqrt(num / den);
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
