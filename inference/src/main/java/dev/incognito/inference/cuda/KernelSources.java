package dev.incognito.inference.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The CUDA C++ kernel sources shipped as resources beside this class, and their entry points. */
final class KernelSources {
  /** Every source file. */
  static final List<String> NAMES = List.of("attention.cu", "layers.cu", "matmul.cu");

  private static final Map<String, List<String>> KERNELS =
      Map.of(
          "attention.cu",
          List.of("attention_decode", "attention_prefill"),
          "layers.cu",
          List.of("rms_norm", "rope", "add", "add_bias", "swiglu", "kv_store", "softmax", "argmax"),
          "matmul.cu",
          List.of(
              "matmul_f32",
              "matmul_f16",
              "matmul_bf16",
              "matmul_q8_0",
              "matmul_q4_0",
              "matmul_q4_k",
              "matmul_q6_k",
              "embed_f32",
              "embed_f16",
              "embed_bf16",
              "embed_q8_0",
              "embed_q4_0",
              "embed_q4_k",
              "embed_q6_k"));

  private KernelSources() {}

  /** The text of source {@code name}. */
  static String read(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("no kernel source " + name);
    }
    try (InputStream in = KernelSources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("kernel source " + name + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code extern "C"} kernels defined in {@code name}. */
  static List<String> kernelsOf(String name) {
    List<String> k = KERNELS.get(name);
    if (k == null) {
      throw new IllegalArgumentException("no kernel source " + name);
    }
    return k;
  }
}
