package dev.incognito.inference.convert;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face Llama folder: {@code config.json} and {@code model.safetensors} (or shards
 * listed in {@code model.safetensors.index.json}), F32, F16 or BF16. The q and k projections are
 * permuted from Hugging Face's rotate-half RoPE layout to the interleaved pairs of llama.cpp's
 * {@code llama} architecture, as llama.cpp's {@code convert_hf_to_gguf.py} does.
 */
final class HuggingFaceCheckpoint {

  /** Largest safetensors JSON header read. */
  static final long MAX_HEADER_BYTES = 100L << 20;

  /** Largest {@code config.json} or index read. */
  static final long MAX_CONFIG_BYTES = 16L << 20;

  private HuggingFaceCheckpoint() {}

  /** Where one tensor's bytes are. */
  private record Stored(Path file, String dtype, long[] shape, long offset, long bytes) {}

  static SourceModel read(Path folder) throws ConversionException {
    Path configFile = folder.resolve("config.json");
    JsonObject config = readJson(configFile);
    String type = config.getString("model_type", "");
    if (!type.equals("llama") && !type.equals("mistral")) {
      throw new ConversionException(
          configFile, "model_type '" + type + "' is not a Llama architecture this can convert");
    }
    if (config.containsKey("rope_scaling") && !config.isNull("rope_scaling")) {
      throw new ConversionException(configFile, "rope_scaling is not supported by the converter");
    }
    if (config.getBoolean("attention_bias", false) || config.getBoolean("mlp_bias", false)) {
      throw new ConversionException(configFile, "biases are not supported by the converter");
    }
    int dim = intOf(configFile, config, "hidden_size", -1);
    int hidden = intOf(configFile, config, "intermediate_size", -1);
    int layers = intOf(configFile, config, "num_hidden_layers", -1);
    int heads = intOf(configFile, config, "num_attention_heads", -1);
    int kvHeads = intOf(configFile, config, "num_key_value_heads", heads);
    int vocab = intOf(configFile, config, "vocab_size", -1);
    int context = intOf(configFile, config, "max_position_embeddings", 2048);
    if (dim < 1 || heads < 1 || kvHeads < 1 || dim % heads != 0 || heads % kvHeads != 0) {
      throw new ConversionException(configFile, "inconsistent attention shape");
    }
    if (intOf(configFile, config, "head_dim", dim / heads) != dim / heads) {
      throw new ConversionException(configFile, "head_dim other than hidden_size / heads");
    }
    float eps = floatOf(config, "rms_norm_eps", 1e-6f);
    float theta = floatOf(config, "rope_theta", 10000f);
    boolean tied = config.getBoolean("tie_word_embeddings", false);

    Map<String, Stored> stored = readTensorIndex(folder);
    int headDim = dim / heads;
    List<SourceModel.Tensor> t = new ArrayList<>();
    // Tied checkpoints may store the shared matrix once, under either name.
    String embedding =
        !stored.containsKey("model.embed_tokens.weight") && tied
            ? "lm_head.weight"
            : "model.embed_tokens.weight";
    t.add(plain(stored, folder, embedding, "token_embd.weight", dim, vocab));
    for (int l = 0; l < layers; l++) {
      String hf = "model.layers." + l + ".";
      String gg = "blk." + l + ".";
      t.add(plain(stored, folder, hf + "input_layernorm.weight", gg + "attn_norm.weight", dim));
      t.add(
          permuted(
              stored,
              folder,
              hf + "self_attn.q_proj.weight",
              gg + "attn_q.weight",
              heads,
              headDim,
              dim));
      t.add(
          permuted(
              stored,
              folder,
              hf + "self_attn.k_proj.weight",
              gg + "attn_k.weight",
              kvHeads,
              headDim,
              dim));
      t.add(
          plain(
              stored,
              folder,
              hf + "self_attn.v_proj.weight",
              gg + "attn_v.weight",
              dim,
              (long) kvHeads * headDim));
      t.add(
          plain(
              stored, folder, hf + "self_attn.o_proj.weight", gg + "attn_output.weight", dim, dim));
      t.add(
          plain(
              stored, folder, hf + "post_attention_layernorm.weight", gg + "ffn_norm.weight", dim));
      t.add(
          plain(stored, folder, hf + "mlp.gate_proj.weight", gg + "ffn_gate.weight", dim, hidden));
      t.add(plain(stored, folder, hf + "mlp.up_proj.weight", gg + "ffn_up.weight", dim, hidden));
      t.add(
          plain(stored, folder, hf + "mlp.down_proj.weight", gg + "ffn_down.weight", hidden, dim));
    }
    t.add(plain(stored, folder, "model.norm.weight", "output_norm.weight", dim));
    if (!tied) {
      t.add(plain(stored, folder, "lm_head.weight", "output.weight", dim, vocab));
    }
    String name = folder.toAbsolutePath().normalize().getFileName().toString();
    return new SourceModel(
        name, dim, hidden, layers, heads, kvHeads, vocab, context, eps, theta, t);
  }

  private static SourceModel.Tensor plain(
      Map<String, Stored> stored, Path folder, String hfName, String ggufName, long... dims)
      throws ConversionException {
    Stored s = find(stored, folder, hfName, dims);
    return new SourceModel.Tensor(ggufName, dims, () -> readValues(s));
  }

  /**
   * A q or k projection {@code (heads * headDim, dim)} whose rows, within each head, go from halves
   * {@code [x0..x(d/2-1), y0..y(d/2-1)]} to pairs {@code [x0, y0, x1, y1, ...]}.
   */
  private static SourceModel.Tensor permuted(
      Map<String, Stored> stored,
      Path folder,
      String hfName,
      String ggufName,
      int heads,
      int headDim,
      int dim)
      throws ConversionException {
    long[] dims = {dim, (long) heads * headDim};
    Stored s = find(stored, folder, hfName, dims);
    return new SourceModel.Tensor(
        ggufName,
        dims,
        () -> {
          float[] in = readValues(s);
          float[] out = new float[in.length];
          int half = headDim / 2;
          for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
              for (int side = 0; side < 2; side++) {
                int from = h * headDim + side * half + i;
                int to = h * headDim + 2 * i + side;
                System.arraycopy(in, from * dim, out, to * dim, dim);
              }
            }
          }
          return out;
        });
  }

  private static Stored find(Map<String, Stored> stored, Path folder, String name, long[] dims)
      throws ConversionException {
    Stored s = stored.get(name);
    if (s == null) {
      throw new ConversionException(folder, "tensor " + name + " is missing");
    }
    // safetensors shapes are row-major (outermost first); GGUF lists ne0 first
    long[] expected = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      expected[i] = dims[dims.length - 1 - i];
    }
    if (!java.util.Arrays.equals(expected, s.shape())) {
      throw new ConversionException(
          s.file(),
          "tensor "
              + name
              + " has shape "
              + java.util.Arrays.toString(s.shape())
              + ", config.json implies "
              + java.util.Arrays.toString(expected));
    }
    return s;
  }

  private static Map<String, Stored> readTensorIndex(Path folder) throws ConversionException {
    Path single = folder.resolve("model.safetensors");
    Path index = folder.resolve("model.safetensors.index.json");
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(single)) {
      files.add(single);
    } else if (Files.isRegularFile(index)) {
      JsonObject map = readJson(index).getJsonObject("weight_map");
      if (map == null) {
        throw new ConversionException(index, "no weight_map");
      }
      for (JsonValue v : map.values()) {
        Path f = folder.resolve(((JsonString) v).getString()).normalize();
        if (!f.startsWith(folder.normalize())) {
          throw new ConversionException(index, "a shard lies outside the model folder");
        }
        if (!files.contains(f)) {
          files.add(f);
        }
      }
    } else {
      throw new ConversionException(folder, "no model.safetensors or model.safetensors.index.json");
    }
    Map<String, Stored> out = new HashMap<>();
    for (Path f : files) {
      readHeader(f, out);
    }
    return out;
  }

  /** Safetensors: an 8-byte little-endian header length, a JSON header, then the data. */
  private static void readHeader(Path file, Map<String, Stored> out) throws ConversionException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long n = len.flip().getLong();
      if (n < 2 || n > MAX_HEADER_BYTES || 8 + n > ch.size()) {
        throw new ConversionException(file, "safetensors header length " + n + " out of range");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) n);
      readFully(ch, hb, 8);
      JsonObject header;
      try (JsonReader r =
          Json.createReader(new StringReader(new String(hb.array(), StandardCharsets.UTF_8)))) {
        header = r.readObject();
      }
      long dataStart = 8 + n;
      for (Map.Entry<String, JsonValue> e : header.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        JsonObject d = e.getValue().asJsonObject();
        String dtype = d.getString("dtype");
        long[] shape =
            d.getJsonArray("shape").stream()
                .mapToLong(v -> ((JsonNumber) v).longValueExact())
                .toArray();
        long begin = d.getJsonArray("data_offsets").getJsonNumber(0).longValueExact();
        long end = d.getJsonArray("data_offsets").getJsonNumber(1).longValueExact();
        long elements = 1;
        for (long s : shape) {
          elements = Math.multiplyExact(elements, s);
        }
        int width =
            switch (dtype) {
              case "F32" -> 4;
              case "F16", "BF16" -> 2;
              default -> 0;
            };
        if (width != 0 && (end - begin != elements * width || dataStart + end > ch.size())) {
          throw new ConversionException(file, "tensor " + e.getKey() + " has bad data offsets");
        }
        out.put(e.getKey(), new Stored(file, dtype, shape, dataStart + begin, end - begin));
      }
    } catch (IOException | JsonException | ClassCastException | ArithmeticException e) {
      throw new ConversionException(file, "not a readable safetensors file: " + e.getMessage(), e);
    }
  }

  private static float[] readValues(Stored s) throws IOException {
    if (s.bytes() > Integer.MAX_VALUE - 8) {
      throw new IOException(s.file() + ": tensor too large to convert in one piece");
    }
    ByteBuffer b = ByteBuffer.allocate((int) s.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ)) {
      readFully(ch, b, s.offset());
    }
    b.flip();
    switch (s.dtype()) {
      case "F32":
        {
          float[] out = new float[(int) (s.bytes() / 4)];
          b.asFloatBuffer().get(out);
          return out;
        }
      case "F16":
        {
          float[] out = new float[(int) (s.bytes() / 2)];
          for (int i = 0; i < out.length; i++) {
            out[i] = Half.toFloat(b.getShort());
          }
          return out;
        }
      case "BF16":
        {
          float[] out = new float[(int) (s.bytes() / 2)];
          for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
          }
          return out;
        }
      default:
        throw new IOException(s.file() + ": dtype " + s.dtype() + " is not F32, F16 or BF16");
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int r = ch.read(b, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += r;
    }
  }

  static JsonObject readJson(Path file) throws ConversionException {
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw new ConversionException(file, "larger than " + MAX_CONFIG_BYTES + " bytes");
      }
      try (JsonReader r = Json.createReader(Files.newBufferedReader(file))) {
        return r.readObject();
      }
    } catch (IOException | JsonException e) {
      throw new ConversionException(file, "not readable JSON: " + e.getMessage(), e);
    }
  }

  private static int intOf(Path file, JsonObject o, String key, int fallback)
      throws ConversionException {
    JsonValue v = o.get(key);
    if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
      if (fallback < 0) {
        throw new ConversionException(file, key + " is missing");
      }
      return fallback;
    }
    if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral()) {
      throw new ConversionException(file, key + " is not an integer");
    }
    long l = ((JsonNumber) v).longValue();
    if (l < 1 || l > Integer.MAX_VALUE) {
      throw new ConversionException(file, key + " out of range");
    }
    return (int) l;
  }

  private static float floatOf(JsonObject o, String key, float fallback) {
    JsonValue v = o.get(key);
    return v instanceof JsonNumber ? (float) ((JsonNumber) v).doubleValue() : fallback;
  }
}
