package dev.incognito.inference.convert;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tokenizer in the terms of GGUF's {@code tokenizer.ggml.*} keys, as llama.cpp reads them: {@code
 * model} "llama" (SentencePiece: pieces with U+2581 for spaces, scores, byte tokens {@code <0xXX>})
 * or "gpt2" (byte-level BPE: tokens and merges).
 *
 * @param types llama.cpp token types: 1 normal, 2 unknown, 3 control, 4 user-defined, 6 byte
 */
record TokenizerMetadata(
    String model,
    Optional<String> pre,
    String[] tokens,
    float[] scores,
    int[] types,
    String[] merges,
    int bos,
    int eos,
    int unknown,
    boolean addBos,
    Optional<String> chatTemplate) {

  static final int NORMAL = 1;
  static final int UNKNOWN = 2;
  static final int CONTROL = 3;
  static final int USER_DEFINED = 4;
  static final int BYTE = 6;

  /** Longest piece of a llama2.c tokenizer accepted. */
  static final int MAX_PIECE_BYTES = 1 << 16;

  private static final Pattern BYTE_PIECE = Pattern.compile("<0x[0-9A-Fa-f]{2}>");

  /**
   * A llama2.c {@code tokenizer.bin}: an int32 max piece length, then per token a float32 score, an
   * int32 length and the piece's UTF-8 bytes, spaces as ' ', BOS and EOS as "\n&lt;s&gt;\n" and
   * "\n&lt;/s&gt;\n" (llama2.c's {@code tokenizer.py}). Ids 0, 1, 2 are unknown, BOS, EOS.
   */
  static TokenizerMetadata fromLlama2c(Path file, int vocabSize) throws ConversionException {
    String[] tokens = new String[vocabSize];
    float[] scores = new float[vocabSize];
    int[] types = new int[vocabSize];
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
      ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      in.readFully(le.array(), 0, 4);
      le.clear();
      int maxLen = le.getInt(0);
      if (maxLen < 1 || maxLen > MAX_PIECE_BYTES) {
        throw new ConversionException(file, "not a llama2.c tokenizer (max piece length)");
      }
      for (int i = 0; i < vocabSize; i++) {
        in.readFully(le.array(), 0, 8);
        float score = le.getFloat(0);
        int len = le.getInt(4);
        if (len < 0 || len > maxLen) {
          throw new ConversionException(file, "piece " + i + " has length " + len);
        }
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
          throw new ConversionException(file, "ends inside piece " + i);
        }
        String piece = new String(b, StandardCharsets.UTF_8);
        scores[i] = score;
        if (i == 0) {
          tokens[i] = piece.isEmpty() ? "<unk>" : piece;
          types[i] = UNKNOWN;
        } else if (i == 1) {
          tokens[i] = "<s>";
          types[i] = CONTROL;
        } else if (i == 2) {
          tokens[i] = "</s>";
          types[i] = CONTROL;
        } else if (BYTE_PIECE.matcher(piece).matches()) {
          tokens[i] = piece;
          types[i] = BYTE;
        } else {
          tokens[i] = piece.replace(' ', '\u2581');
          types[i] = NORMAL;
        }
      }
    } catch (java.io.EOFException e) {
      throw new ConversionException(file, "has fewer pieces than the model's " + vocabSize, e);
    } catch (IOException e) {
      throw new ConversionException(file, "cannot read: " + e.getMessage(), e);
    }
    return new TokenizerMetadata(
        "llama", Optional.empty(), tokens, scores, types, null, 1, 2, 0, true, Optional.empty());
  }

  /**
   * A Hugging Face {@code tokenizer.json} (BPE), with {@code tokenizer_config.json} and {@code
   * config.json} beside it for BOS, EOS, {@code add_bos_token} and the chat template. A
   * SentencePiece-style BPE (U+2581 for spaces, byte fallback) becomes a "llama" vocabulary whose
   * scores rank merges (a merge of rank r scores -r), so that SentencePiece's highest-score-first
   * merging reproduces BPE; a byte-level BPE becomes "gpt2".
   */
  static TokenizerMetadata fromTokenizerJson(Path file, int vocabSize, String modelType)
      throws ConversionException {
    JsonObject root = HuggingFaceCheckpoint.readJson(file);
    JsonObject model = root.getJsonObject("model");
    if (model == null || !"BPE".equals(model.getString("type", ""))) {
      throw new ConversionException(file, "only BPE tokenizers can be converted");
    }
    Path folder = file.toAbsolutePath().getParent();
    Path configFile = folder.resolve("tokenizer_config.json");
    JsonObject tokConfig =
        Files.isRegularFile(configFile)
            ? HuggingFaceCheckpoint.readJson(configFile)
            : JsonValue.EMPTY_JSON_OBJECT;
    Path modelConfigFile = folder.resolve("config.json");
    JsonObject modelConfig =
        Files.isRegularFile(modelConfigFile)
            ? HuggingFaceCheckpoint.readJson(modelConfigFile)
            : JsonValue.EMPTY_JSON_OBJECT;

    Map<String, Integer> ids = new HashMap<>();
    int size = vocabSize;
    for (Map.Entry<String, JsonValue> e : model.getJsonObject("vocab").entrySet()) {
      int id = ((JsonNumber) e.getValue()).intValueExact();
      ids.put(e.getKey(), id);
      size = Math.max(size, id + 1);
    }
    Map<Integer, Boolean> added = new HashMap<>(); // id → special
    JsonArray addedTokens = root.getJsonArray("added_tokens");
    if (addedTokens != null) {
      for (JsonValue v : addedTokens) {
        JsonObject a = v.asJsonObject();
        int id = a.getInt("id");
        ids.put(a.getString("content"), id);
        added.put(id, a.getBoolean("special", false));
        size = Math.max(size, id + 1);
      }
    }
    if (size > vocabSize) {
      throw new ConversionException(
          file, "has " + size + " tokens but the model's vocabulary holds " + vocabSize);
    }
    String[] tokens = new String[size];
    for (Map.Entry<String, Integer> e : ids.entrySet()) {
      tokens[e.getValue()] = e.getKey();
    }
    for (int i = 0; i < size; i++) {
      if (tokens[i] == null) {
        tokens[i] = "[PAD" + i + "]"; // llama.cpp's name for ids the tokenizer leaves unused
      }
    }
    String[] merges = readMerges(file, model.getJsonArray("merges"));
    boolean sentencePiece = model.getBoolean("byte_fallback", false);
    String unkToken = model.isNull("unk_token") ? null : model.getString("unk_token", null);
    int unknown = unkToken != null && ids.containsKey(unkToken) ? ids.get(unkToken) : -1;

    int[] types = new int[size];
    float[] scores = new float[size];
    Map<String, Integer> rank = new HashMap<>();
    for (int r = 0; r < merges.length; r++) {
      int space = merges[r].indexOf(' ');
      rank.putIfAbsent(merges[r].substring(0, space) + merges[r].substring(space + 1), r);
    }
    for (int i = 0; i < size; i++) {
      Boolean special = added.get(i);
      if (i == unknown) {
        types[i] = UNKNOWN;
      } else if (special != null) {
        types[i] = special ? CONTROL : USER_DEFINED;
      } else if (sentencePiece && BYTE_PIECE.matcher(tokens[i]).matches()) {
        types[i] = BYTE;
      } else if (tokens[i].startsWith("[PAD")) {
        types[i] = USER_DEFINED;
      } else {
        types[i] = NORMAL;
      }
      Integer r = rank.get(tokens[i]);
      scores[i] =
          r != null ? -r : (tokens[i].codePointCount(0, tokens[i].length()) == 1 ? 0 : -1e9f);
    }
    int bos = specialId(tokConfig, "bos_token", ids, modelConfig, "bos_token_id");
    int eos = specialId(tokConfig, "eos_token", ids, modelConfig, "eos_token_id");
    if (eos < 0) {
      throw new ConversionException(file, "no EOS token in tokenizer_config.json or config.json");
    }
    boolean addBos =
        tokConfig.containsKey("add_bos_token")
            ? tokConfig.getBoolean("add_bos_token")
            : bos >= 0 && postProcessorAddsBos(root, tokens[bos]);
    Optional<String> template = chatTemplate(tokConfig);
    if (sentencePiece) {
      return new TokenizerMetadata(
          "llama",
          Optional.empty(),
          tokens,
          scores,
          types,
          null,
          bos,
          eos,
          unknown,
          addBos,
          template);
    }
    return new TokenizerMetadata(
        "gpt2",
        Optional.of(preTokenizer(modelType, size)),
        tokens,
        null,
        types,
        merges,
        bos,
        eos,
        unknown,
        addBos,
        template);
  }

  /**
   * llama.cpp names pre-tokenizers by the model family it learned them from; the regex is not in
   * the file. The families converted here: Qwen2, SmolLM; anything else uses GPT-2's.
   */
  private static String preTokenizer(String modelType, int vocab) {
    if (modelType.startsWith("qwen2")) {
      return "qwen2";
    }
    if (modelType.equals("llama") && vocab == 49152) {
      return "smollm";
    }
    return "default";
  }

  private static String[] readMerges(Path file, JsonArray merges) throws ConversionException {
    if (merges == null) {
      return new String[0];
    }
    String[] out = new String[merges.size()];
    for (int i = 0; i < out.length; i++) {
      JsonValue v = merges.get(i);
      if (v instanceof JsonString) {
        out[i] = ((JsonString) v).getString();
      } else if (v instanceof JsonArray && ((JsonArray) v).size() == 2) {
        out[i] = ((JsonArray) v).getString(0) + " " + ((JsonArray) v).getString(1);
      } else {
        throw new ConversionException(file, "merge " + i + " is neither \"a b\" nor [a, b]");
      }
      if (out[i].indexOf(' ') <= 0) {
        throw new ConversionException(file, "merge " + i + " has no separating space");
      }
    }
    return out;
  }

  private static int specialId(
      JsonObject tokConfig,
      String key,
      Map<String, Integer> ids,
      JsonObject modelConfig,
      String idKey) {
    JsonValue v = tokConfig.get(key);
    String content = null;
    if (v instanceof JsonString) {
      content = ((JsonString) v).getString();
    } else if (v instanceof JsonObject) {
      content = ((JsonObject) v).getString("content", null);
    }
    if (content != null && ids.containsKey(content)) {
      return ids.get(content);
    }
    JsonValue id = modelConfig.get(idKey);
    if (id instanceof JsonNumber) {
      return ((JsonNumber) id).intValue();
    }
    if (id instanceof JsonArray && !((JsonArray) id).isEmpty()) {
      return ((JsonArray) id).getJsonNumber(0).intValue();
    }
    return -1;
  }

  private static boolean postProcessorAddsBos(JsonObject root, String bosToken) {
    JsonValue pp = root.get("post_processor");
    return pp instanceof JsonObject
        && pp.toString().contains("\"" + bosToken.replace("\"", "") + "\"");
  }

  private static Optional<String> chatTemplate(JsonObject tokConfig) {
    JsonValue v = tokConfig.get("chat_template");
    if (v instanceof JsonString) {
      return Optional.of(((JsonString) v).getString());
    }
    if (v instanceof JsonArray) {
      for (JsonValue t : (JsonArray) v) {
        JsonObject o = t.asJsonObject();
        if ("default".equals(o.getString("name", ""))) {
          return Optional.of(o.getString("template"));
        }
      }
    }
    return Optional.empty();
  }
}
