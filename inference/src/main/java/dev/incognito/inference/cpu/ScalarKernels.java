package dev.incognito.inference.cpu;

/** Plain Java loops; the reference for {@link VectorKernels}. */
final class ScalarKernels extends Kernels {
  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public float dot(Tensor w, int row, float[] x, int xOff) {
    checkRow(w, row, x, xOff);
    return Blocks.dot(w.type(), w.data(row), w.rowOffset(row), w.cols(), x, xOff);
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    float s = 0f;
    for (int i = 0; i < n; i++) {
      s += a[aOff + i] * b[bOff + i];
    }
    return s;
  }

  @Override
  public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += a * x[xOff + i];
    }
  }

  @Override
  boolean dotsInPlace(TensorType type) {
    return type == TensorType.F32 || type == TensorType.Q8_0 || type == TensorType.Q4_0;
  }
}
