package dev.incognito.inference.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Truncated and hostile weight files fail with ModelFormatException naming the file. */
class HostileFilesTest {
  @TempDir Path tmp;

  static final LoadOptions OPTS = new LoadOptions(1, false);

  private ModelFormatException rejects(Path p) {
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> LlamaModel.load(p, OPTS));
    assertTrue(e.getMessage().contains(p.getFileName().toString()), e.getMessage());
    return e;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 27, 28, 29, 4096, 500_000, -1})
  void llama2c_truncatedCopyIsRejected(int length) throws Exception {
    byte[] full = Files.readAllBytes(Models.stories260k());
    Path p = tmp.resolve("cut.bin");
    Files.write(p, Arrays.copyOf(full, length < 0 ? full.length + length : length));
    rejects(p);
  }

  @Test
  void llama2c_trailingBytesAreRejected() throws Exception {
    byte[] full = Files.readAllBytes(Models.stories260k());
    Path p = tmp.resolve("long.bin");
    Files.write(p, Arrays.copyOf(full, full.length + 4));
    assertTrue(rejects(p).getMessage().contains("does not match"));
  }

  static byte[] header(int... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length + 64).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) b.putInt(x);
    return b.array();
  }

  @Test
  void llama2c_hostileHeadersAreRejected() throws Exception {
    int[][] headers = {
      {Integer.MAX_VALUE, 172, 5, 8, 4, 512, 512},
      {64, 172, -5, 8, 4, 512, 512},
      {64, 172, 5, 0, 4, 512, 512},
      {64, 172, 5, 8, 16, 512, 512},
      {64, 172, 5, 8, 3, 512, 512},
      {64, 172, 5, 8, 4, Integer.MIN_VALUE, 512},
      {64, 172, 5, 8, 4, 512, Integer.MAX_VALUE},
      {65536, 262144, 1024, 1024, 1024, 4194304, 4194304}, // at every cap: needs terabytes
      {0x616b3432, 1, 0, 0, 0, 0, 0},
    };
    for (int[] h : headers) {
      Path p = tmp.resolve("hostile.bin");
      Files.write(p, header(h));
      rejects(p);
    }
  }

  private Path hfFolder(String config, byte[] safetensors) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "hf");
    Files.writeString(dir.resolve("config.json"), config);
    Files.write(dir.resolve("model.safetensors"), safetensors);
    return dir;
  }

  static byte[] safetensors(long declaredLength, String json, int dataBytes) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(declaredLength).put(h);
    return b.array();
  }

  static byte[] safetensors(String json, int dataBytes) {
    return safetensors(json.getBytes(StandardCharsets.UTF_8).length, json, dataBytes);
  }

  static String realConfig() throws Exception {
    return Files.readString(Models.tinyStories656k().resolve("config.json"));
  }

  @Test
  void safetensors_truncatedCopyIsRejected() throws Exception {
    byte[] full = Files.readAllBytes(Models.tinyStories656k().resolve("model.safetensors"));
    for (int len : new int[] {0, 7, 8, 100, full.length / 2, full.length - 1}) {
      rejects(hfFolder(realConfig(), Arrays.copyOf(full, len)));
    }
  }

  @Test
  void safetensors_hostileHeadersAreRejected() throws Exception {
    String cfg = realConfig();
    String tensor = "{\"t\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[0,64]}}";
    rejects(hfFolder(cfg, safetensors(Long.MAX_VALUE, tensor, 64)));
    rejects(hfFolder(cfg, safetensors(-1, tensor, 64)));
    rejects(hfFolder(cfg, safetensors(1L << 40, tensor, 64)));
    rejects(hfFolder(cfg, safetensors("[1,2,3]", 0)));
    rejects(hfFolder(cfg, safetensors("{\"t\":", 0)));
    rejects(hfFolder(cfg, safetensors("[".repeat(100_000) + "]".repeat(100_000), 0)));
    rejects(
        hfFolder(
            cfg,
            safetensors(
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[0,99999999]}}", 64)));
    rejects(
        hfFolder(
            cfg,
            safetensors(
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[4,5],\"data_offsets\":[0,64]}}", 64)));
    rejects(
        hfFolder(
            cfg,
            safetensors(
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],"
                    + "\"data_offsets\":[0,64]}}",
                64)));
    rejects(
        hfFolder(
            cfg,
            safetensors(
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[4,4],\"data_offsets\":[1e400,64]}}", 64)));
    rejects(hfFolder(cfg, safetensors("{\"t\":{\"dtype\":\"F32\"}}", 0)));
    rejects(hfFolder(cfg, safetensors(tensor, 64))); // well formed, but no model tensors
  }

  @Test
  void config_hostileValuesAreRejected() throws Exception {
    byte[] weights = Files.readAllBytes(Models.tinyStories656k().resolve("model.safetensors"));
    String cfg = realConfig();
    String[] bad = {
      cfg.replace("\"hidden_size\": 128", "\"hidden_size\": 1000000000000"),
      cfg.replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3"),
      cfg.replace("\"num_key_value_heads\": 4", "\"num_key_value_heads\": 3"),
      cfg.replace("\"vocab_size\": 2048", "\"vocab_size\": -1"),
      cfg.replace("\"model_type\": \"llama\"", "\"model_type\": \"gpt2\""),
      cfg.replace("\"rope_scaling\": null", "\"rope_scaling\": {\"rope_type\": \"yarn\"}"),
      cfg.replace("\"rms_norm_eps\": 1e-06", "\"rms_norm_eps\": \"x\""),
      "{",
      "[]",
      " ".repeat(2 << 20),
    };
    for (String c : bad) {
      Path dir = hfFolder(c, weights);
      ModelFormatException e =
          assertThrows(ModelFormatException.class, () -> LlamaModel.load(dir, OPTS));
      assertTrue(e.getMessage().contains(dir.getFileName().toString()), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4, 24, 1000, 100_000, 1_000_000, -1})
  void gguf_truncatedCopyIsRejected(int length) throws Exception {
    byte[] full = Files.readAllBytes(Models.tinyRandomGguf());
    Path p = tmp.resolve("cut.gguf");
    Files.write(p, Arrays.copyOf(full, length < 0 ? full.length + length : length));
    rejects(p);
  }

  @Test
  void gguf_inconsistentModelsAreRejected() throws Exception {
    String[][] edits = {
      {"llama.unused", "1"}, // the baseline: loads
      {"general.architecture", "gpt2"},
      {"llama.block_count", "1000"},
      {"llama.embedding_length", "0"},
      {"llama.attention.head_count", "7"},
      {"llama.attention.head_count_kv", "0"},
      {"llama.context_length", "-1"},
      {"llama.feed_forward_length", "2147483647"},
    };
    dev.incognito.inference.gguf.GgufFile src =
        dev.incognito.inference.gguf.GgufFile.open(Models.tinyRandomGguf());
    for (String[] edit : edits) {
      dev.incognito.inference.gguf.GgufWriter w = new dev.incognito.inference.gguf.GgufWriter();
      for (var e : src.metadata().entrySet()) {
        if (e.getKey().equals(edit[0])) {
          continue;
        }
        if (e.getKey().startsWith("llama.") || e.getKey().equals("general.architecture")) {
          w.put(e.getKey(), src.valueType(e.getKey()).orElseThrow(), e.getValue());
        }
      }
      if (edit[0].equals("general.architecture")) {
        w.putString(edit[0], edit[1]);
      } else {
        w.putInt32(edit[0], Integer.parseInt(edit[1]));
      }
      for (var t : src.tensors()) {
        w.addTensor(t.name(), t.type(), t.dims(), src.tensorData(t.name()).buffer());
      }
      Path p = tmp.resolve("edited.gguf");
      w.write(p);
      if (edit[0].equals("llama.unused")) {
        LlamaModel.load(p, OPTS).close();
      } else {
        rejects(p);
      }
    }
    src.close();
  }

  @Test
  void missingPathIsRejected() {
    rejects(tmp.resolve("nothing-here.bin"));
  }
}
