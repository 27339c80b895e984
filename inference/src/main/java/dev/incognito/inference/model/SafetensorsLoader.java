package dev.incognito.inference.model;

import dev.incognito.inference.cpu.Tensor;
import dev.incognito.inference.cpu.TensorType;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hugging Face model folders: {@code config.json} plus one or more {@code *.safetensors} files.
 *
 * <p>A safetensors file is a little-endian u64 header length N, N bytes of JSON mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the byte
 * after the header), then the raw data (<a
 * href="https://github.com/huggingface/safetensors#format">format</a>). Tensors are F32, F16 or
 * BF16, named as transformers' {@code LlamaForCausalLM} / {@code Qwen2ForCausalLM} name them. Their
 * q/k projections are ordered for "rotate half" RoPE, so the config's rope style is {@link
 * ModelConfig.RopeStyle#HALF}.
 *
 * <p>{@link LlamaModel#weightsSha256()} for a folder is the SHA-256 of the lines {@code "<sha256
 * hex> <file name>\n"} for {@code config.json} and each {@code .safetensors} file, sorted by file
 * name: what {@code sha256sum $(ls config.json *.safetensors | LC_ALL=C sort) | sha256sum} prints.
 */
final class SafetensorsLoader {
  /**
   * Largest safetensors JSON header accepted (bytes). The reference implementation allows 100 MB;
   * real headers are kilobytes to a few megabytes, and a parsed header costs several times its size
   * in heap, so the cap is lower.
   */
  static final long MAX_HEADER_BYTES = 16L << 20;

  /** Largest {@code config.json} accepted (bytes). */
  static final long MAX_CONFIG_BYTES = 1L << 20;

  /** Most tensors in one folder. */
  static final int MAX_TENSORS = 1 << 16;

  /** Most safetensors files in one folder. */
  static final int MAX_SHARDS = 1024;

  private static final String CONFIG = "config.json";
  private static final String TOKENIZER = "tokenizer.json";

  private SafetensorsLoader() {}

  /** One tensor's place in a file. */
  private record Entry(MappedFile file, String name, TensorType type, long[] shape, long offset) {}

  static LlamaModel load(Path dir, LoadOptions opts) throws ModelFormatException {
    Path configFile = dir.resolve(CONFIG);
    JsonObject json = readJson(configFile, readSmallFile(configFile, MAX_CONFIG_BYTES));
    List<Path> shards = shards(dir);
    List<MappedFile> open = new ArrayList<>();
    try {
      Map<String, Entry> entries = new HashMap<>();
      for (Path shard : shards) {
        MappedFile f = MappedFile.open(shard);
        open.add(f);
        readHeader(f, entries);
      }
      ModelConfig c = config(configFile, json, entries.containsKey("lm_head.weight"));
      LlamaWeights w = weights(dir, c, entries);
      w.validate(c, dir);
      StringBuilder manifest = new StringBuilder();
      List<Path> digested = new ArrayList<>(shards);
      digested.add(configFile);
      digested.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
      for (Path p : digested) {
        manifest.append(Digests.sha256(p)).append("  ").append(p.getFileName()).append('\n');
      }
      String sha = Digests.sha256(manifest.toString().getBytes(StandardCharsets.UTF_8));
      Path tokenizer = dir.resolve(TOKENIZER);
      ModelSource source =
          new ModelSource(
              ModelSource.Format.HUGGING_FACE,
              dir,
              Files.isRegularFile(tokenizer) ? Optional.of(tokenizer) : Optional.empty());
      return new LlamaModel(c, w, sha, source, opts);
    } catch (IOException e) {
      throw new ModelFormatException(dir, "cannot read: " + e.getMessage(), e);
    } finally {
      open.forEach(MappedFile::close);
    }
  }

  private static List<Path> shards(Path dir) throws ModelFormatException {
    List<Path> shards = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.safetensors")) {
      for (Path p : ds) {
        if (shards.size() == MAX_SHARDS) {
          throw new ModelFormatException(dir, "more than " + MAX_SHARDS + " safetensors files");
        }
        if (Files.isRegularFile(p)) {
          shards.add(p);
        }
      }
    } catch (IOException e) {
      throw new ModelFormatException(dir, "cannot list: " + e.getMessage(), e);
    }
    if (shards.isEmpty()) {
      throw new ModelFormatException(dir, "no .safetensors file");
    }
    shards.sort(null);
    return shards;
  }

  private static String readSmallFile(Path file, long max) throws ModelFormatException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new ModelFormatException(file, "missing");
      }
      if (Files.size(file) > max) {
        throw new ModelFormatException(file, "larger than " + max + " bytes");
      }
      return utf8(file, ByteBuffer.wrap(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new ModelFormatException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private static String utf8(Path file, ByteBuffer bytes) throws ModelFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new ModelFormatException(file, "not UTF-8", e);
    }
  }

  private static JsonObject readJson(Path file, String text) throws ModelFormatException {
    try (JsonReader r = Json.createReader(new StringReader(text))) {
      return r.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new ModelFormatException(file, "not a JSON object: " + e.getMessage(), e);
    }
  }

  private static void readHeader(MappedFile f, Map<String, Entry> entries)
      throws ModelFormatException {
    long n = f.read(0, 8).getLong();
    if (n < 2 || n > MAX_HEADER_BYTES) {
      throw new ModelFormatException(
          f.path(), "header length " + n + " outside 2.." + MAX_HEADER_BYTES);
    }
    if (n > f.size() - 8) {
      throw new ModelFormatException(f.path(), "truncated: header of " + n + " bytes");
    }
    JsonObject header = readJson(f.path(), utf8(f.path(), f.read(8, (int) n)));
    long dataStart = 8 + n;
    long dataSize = f.size() - dataStart;
    if (header.size() > MAX_TENSORS + 1) {
      throw new ModelFormatException(f.path(), "more than " + MAX_TENSORS + " tensors");
    }
    for (Map.Entry<String, JsonValue> e : header.entrySet()) {
      String name = e.getKey();
      if (name.equals("__metadata__")) {
        continue;
      }
      try {
        JsonObject t = e.getValue().asJsonObject();
        String dtype = t.getString("dtype");
        TensorType type;
        switch (dtype) {
          case "F32":
            type = TensorType.F32;
            break;
          case "F16":
            type = TensorType.F16;
            break;
          case "BF16":
            type = TensorType.BF16;
            break;
          default:
            type = null; // tolerated unless the model needs it
        }
        List<JsonValue> shapeJson = t.getJsonArray("shape");
        if (shapeJson.size() > 4) {
          throw new ModelFormatException(f.path(), "tensor " + name + " has rank > 4");
        }
        long[] shape = new long[shapeJson.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = exactLong(f.path(), name, shapeJson.get(i));
          if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
            throw new ModelFormatException(f.path(), "tensor " + name + " dimension out of range");
          }
          elements = Math.multiplyExact(elements, shape[i]);
        }
        List<JsonValue> offsets = t.getJsonArray("data_offsets");
        if (offsets.size() != 2) {
          throw new ModelFormatException(f.path(), "tensor " + name + " data_offsets not a pair");
        }
        long begin = exactLong(f.path(), name, offsets.get(0));
        long end = exactLong(f.path(), name, offsets.get(1));
        if (begin < 0 || end < begin || end > dataSize) {
          throw new ModelFormatException(
              f.path(),
              "tensor "
                  + name
                  + " data ["
                  + begin
                  + ", "
                  + end
                  + ") outside the "
                  + dataSize
                  + " data bytes");
        }
        if (type != null && end - begin != Math.multiplyExact(elements, (long) type.bytesFor(1))) {
          throw new ModelFormatException(
              f.path(), "tensor " + name + " has " + (end - begin) + " bytes for its shape");
        }
        if (entries.put(name, new Entry(f, name, type, shape, dataStart + begin)) != null) {
          throw new ModelFormatException(f.path(), "tensor " + name + " appears twice");
        }
        if (entries.size() > MAX_TENSORS) {
          throw new ModelFormatException(f.path(), "more than " + MAX_TENSORS + " tensors");
        }
      } catch (ClassCastException | NullPointerException | ArithmeticException ex) {
        throw new ModelFormatException(
            f.path(), "malformed header entry for tensor " + name + ": " + ex, ex);
      }
    }
  }

  private static long exactLong(Path file, String name, JsonValue v) throws ModelFormatException {
    if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral()) {
      throw new ModelFormatException(file, "tensor " + name + ": " + v + " is not an integer");
    }
    try {
      return ((JsonNumber) v).bigIntegerValueExact().longValueExact();
    } catch (ArithmeticException e) {
      throw new ModelFormatException(file, "tensor " + name + ": " + v + " out of range", e);
    }
  }

  static ModelConfig config(Path file, JsonObject j, boolean hasLmHead)
      throws ModelFormatException {
    try {
      String modelType = j.getString("model_type", "llama");
      boolean qwen2 = modelType.equals("qwen2");
      if (!qwen2 && !modelType.equals("llama") && !modelType.equals("mistral")) {
        throw new ModelFormatException(file, "model_type " + modelType + " is not Llama-family");
      }
      int dim = intField(file, j, "hidden_size", -1);
      int heads = intField(file, j, "num_attention_heads", -1);
      int kvHeads = intField(file, j, "num_key_value_heads", heads);
      int headDim = intField(file, j, "head_dim", heads > 0 ? dim / heads : -1);
      int context = intField(file, j, "max_position_embeddings", -1);
      JsonValue window = j.get("sliding_window");
      if (window instanceof JsonNumber && !qwen2 && ((JsonNumber) window).longValue() < context) {
        throw new ModelFormatException(file, "sliding-window attention is not supported");
      }
      if (qwen2 && j.getBoolean("use_sliding_window", false)) {
        throw new ModelFormatException(file, "sliding-window attention is not supported");
      }
      boolean tied = j.getBoolean("tie_word_embeddings", !hasLmHead);
      boolean bias = qwen2 || j.getBoolean("attention_bias", false);
      if (j.getBoolean("mlp_bias", false)) {
        throw new ModelFormatException(file, "MLP biases are not supported");
      }
      String act = j.getString("hidden_act", "silu");
      if (!act.equals("silu")) {
        throw new ModelFormatException(file, "hidden_act " + act + " is not supported");
      }
      return new ModelConfig(
          dim,
          intField(file, j, "intermediate_size", -1),
          intField(file, j, "num_hidden_layers", -1),
          heads,
          kvHeads,
          headDim,
          intField(file, j, "vocab_size", -1),
          context,
          floatField(file, j, "rms_norm_eps", 1e-6f),
          floatField(file, j, "rope_theta", 10000f),
          ModelConfig.RopeStyle.HALF,
          ropeScaling(file, j),
          tied,
          bias);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw new ModelFormatException(file, "bad config: " + e.getMessage(), e);
    }
  }

  private static RopeScaling ropeScaling(Path file, JsonObject j) throws ModelFormatException {
    JsonValue v = j.get("rope_scaling");
    if (v == null || v == JsonValue.NULL) {
      return RopeScaling.none();
    }
    JsonObject s = v.asJsonObject();
    String kind = s.getString("rope_type", s.getString("type", "default"));
    float factor = floatField(file, s, "factor", 1f);
    switch (kind) {
      case "default":
        return RopeScaling.none();
      case "linear":
        return RopeScaling.linear(factor);
      case "llama3":
        return RopeScaling.llama3(
            factor,
            floatField(file, s, "low_freq_factor", 1f),
            floatField(file, s, "high_freq_factor", 4f),
            intField(file, s, "original_max_position_embeddings", 8192));
      default:
        throw new ModelFormatException(file, "rope_scaling type " + kind + " is not supported");
    }
  }

  private static int intField(Path file, JsonObject j, String key, int dflt)
      throws ModelFormatException {
    JsonValue v = j.get(key);
    if (v == null || v == JsonValue.NULL) {
      if (dflt < 0) {
        throw new ModelFormatException(file, "missing " + key);
      }
      return dflt;
    }
    if (!(v instanceof JsonNumber) || !((JsonNumber) v).isIntegral()) {
      throw new ModelFormatException(file, key + " is not an integer");
    }
    try {
      return ((JsonNumber) v).intValueExact();
    } catch (ArithmeticException e) {
      throw new ModelFormatException(file, key + " out of range", e);
    }
  }

  private static float floatField(Path file, JsonObject j, String key, float dflt)
      throws ModelFormatException {
    JsonValue v = j.get(key);
    if (v == null || v == JsonValue.NULL) {
      return dflt;
    }
    if (!(v instanceof JsonNumber)) {
      throw new ModelFormatException(file, key + " is not a number");
    }
    return (float) ((JsonNumber) v).doubleValue();
  }

  private static LlamaWeights weights(Path dir, ModelConfig c, Map<String, Entry> entries)
      throws ModelFormatException {
    // A tied checkpoint may store the shared matrix under either name (safetensors keeps one).
    String embName =
        !entries.containsKey("model.embed_tokens.weight")
                && c.tiedEmbeddings()
                && entries.containsKey("lm_head.weight")
            ? "lm_head.weight"
            : "model.embed_tokens.weight";
    Tensor emb = matrix(dir, entries, embName);
    List<LlamaWeights.Layer> layers = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      String p = "model.layers." + l + ".";
      layers.add(
          new LlamaWeights.Layer(
              vector(dir, entries, p + "input_layernorm.weight", true),
              matrix(dir, entries, p + "self_attn.q_proj.weight"),
              matrix(dir, entries, p + "self_attn.k_proj.weight"),
              matrix(dir, entries, p + "self_attn.v_proj.weight"),
              matrix(dir, entries, p + "self_attn.o_proj.weight"),
              vector(dir, entries, p + "self_attn.q_proj.bias", c.qkvBias()),
              vector(dir, entries, p + "self_attn.k_proj.bias", c.qkvBias()),
              vector(dir, entries, p + "self_attn.v_proj.bias", c.qkvBias()),
              vector(dir, entries, p + "post_attention_layernorm.weight", true),
              matrix(dir, entries, p + "mlp.gate_proj.weight"),
              matrix(dir, entries, p + "mlp.up_proj.weight"),
              matrix(dir, entries, p + "mlp.down_proj.weight")));
    }
    float[] norm = vector(dir, entries, "model.norm.weight", true);
    Tensor out = c.tiedEmbeddings() ? emb : matrix(dir, entries, "lm_head.weight");
    return new LlamaWeights(emb, layers, norm, out);
  }

  private static Entry entry(Path dir, Map<String, Entry> entries, String name, int rank)
      throws ModelFormatException {
    Entry e = entries.get(name);
    if (e == null) {
      throw new ModelFormatException(dir, "missing tensor " + name);
    }
    if (e.type() == null) {
      throw new ModelFormatException(e.file().path(), "tensor " + name + ": unsupported dtype");
    }
    if (e.shape().length != rank) {
      throw new ModelFormatException(
          e.file().path(),
          "tensor " + name + " has rank " + e.shape().length + ", expected " + rank);
    }
    return e;
  }

  private static Tensor matrix(Path dir, Map<String, Entry> entries, String name)
      throws ModelFormatException {
    Entry e = entry(dir, entries, name, 2);
    return e.file().tensor(name, e.type(), (int) e.shape()[0], (int) e.shape()[1], e.offset());
  }

  private static float[] vector(Path dir, Map<String, Entry> entries, String name, boolean needed)
      throws ModelFormatException {
    if (!needed) {
      if (entries.containsKey(name)) {
        throw new ModelFormatException(dir, "unexpected tensor " + name);
      }
      return null;
    }
    Entry e = entry(dir, entries, name, 1);
    return e.file().tensor(name, e.type(), 1, (int) e.shape()[0], e.offset()).toFloats();
  }
}
