package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
  static ModelConfig llama31(RopeScaling s) {
    return new ModelConfig(
        4096,
        14336,
        32,
        32,
        8,
        128,
        128256,
        131072,
        1e-5f,
        500000f,
        ModelConfig.RopeStyle.HALF,
        s,
        false,
        false);
  }

  /**
   * Llama 3.1's rope_scaling (factor 8, low 1, high 4, original 8192, theta 500000): the fastest
   * pair is kept, the slowest divided by 8, pair 30 (wavelength 2951) blended — values from
   * transformers' {@code _compute_llama3_parameters}.
   */
  @Test
  void llama3Scaling_matchesTransformers() {
    double[] f = llama31(RopeScaling.llama3(8f, 1f, 4f, 8192)).ropeFrequencies();
    assertEquals(64, f.length);
    assertEquals(1.0, f[0], 1e-12);
    assertEquals(0.0013718935677611381, f[30], 1e-7 * 0.00137);
    assertEquals(3.068925988914511e-07, f[63], 1e-6 * 3.07e-7);
  }

  @Test
  void linearAndFactorScaling_divideFrequencies() {
    double[] plain = llama31(RopeScaling.none()).ropeFrequencies();
    double[] linear = llama31(RopeScaling.linear(4f)).ropeFrequencies();
    float[] factors = new float[64];
    for (int i = 0; i < 64; i++) factors[i] = 1 + i;
    double[] each = llama31(RopeScaling.frequencyFactors(factors)).ropeFrequencies();
    for (int i = 0; i < 64; i++) {
      assertEquals(plain[i] / 4, linear[i], 1e-15);
      assertEquals(plain[i] / (1 + i), each[i], 1e-15);
    }
    assertThrows(
        IllegalArgumentException.class, () -> llama31(RopeScaling.frequencyFactors(new float[3])));
  }

  @Test
  void hfConfig_readsLlama3RopeScaling() throws Exception {
    String json =
        "{\"model_type\":\"llama\",\"hidden_size\":4096,\"intermediate_size\":14336,"
            + "\"num_hidden_layers\":32,\"num_attention_heads\":32,\"num_key_value_heads\":8,"
            + "\"vocab_size\":128256,\"max_position_embeddings\":131072,\"rms_norm_eps\":1e-5,"
            + "\"rope_theta\":500000.0,\"tie_word_embeddings\":false,\"rope_scaling\":"
            + "{\"factor\":8.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,"
            + "\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"}}";
    ModelConfig c =
        SafetensorsLoader.config(
            Path.of("config.json"), Json.createReader(new StringReader(json)).readObject(), true);
    assertEquals(RopeScaling.llama3(8f, 1f, 4f, 8192), c.ropeScaling());
    assertEquals(128, c.headDim());
    assertEquals(ModelConfig.RopeStyle.HALF, c.ropeStyle());
  }

  @Test
  void config_rejectsInconsistentShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ModelConfig(
                64,
                172,
                5,
                8,
                3,
                8,
                512,
                512,
                1e-5f,
                1e4f,
                ModelConfig.RopeStyle.INTERLEAVED,
                RopeScaling.none(),
                true,
                false));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ModelConfig(
                64,
                172,
                5,
                8,
                4,
                7,
                512,
                512,
                1e-5f,
                1e4f,
                ModelConfig.RopeStyle.INTERLEAVED,
                RopeScaling.none(),
                true,
                false));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ModelConfig(
                64,
                172,
                5,
                8,
                4,
                8,
                512,
                512,
                0f,
                1e4f,
                ModelConfig.RopeStyle.INTERLEAVED,
                RopeScaling.none(),
                true,
                false));
    assertThrows(IllegalArgumentException.class, () -> RopeScaling.llama3(8f, 4f, 1f, 8192));
  }
}
