package dev.incognito.inference.tokenizer;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a Hugging Face {@code tokenizer.json} (tokenizers 0.x serialisation) with a BPE model. */
final class HfTokenizerJson {

  /** Largest tokenizer.json read (bytes). */
  static final long MAX_JSON_BYTES = 64L << 20;

  private final String src;

  private HfTokenizerJson(String src) {
    this.src = src;
  }

  private TokenizerFormatException unsupported(String what) {
    return new TokenizerFormatException(src + ": unsupported " + what);
  }

  private static JsonObject readJson(Path p, String src) throws TokenizerFormatException {
    try {
      long size = Files.size(p);
      if (size > MAX_JSON_BYTES) {
        throw new TokenizerFormatException(src + ": " + size + " bytes; too large");
      }
      try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8);
          JsonReader jr = Json.createReader(r)) {
        return jr.readObject();
      }
    } catch (IOException | JsonException | ClassCastException e) {
      throw new TokenizerFormatException(src + ": cannot read JSON: " + e.getMessage(), e);
    }
  }

  static Tokenizer load(Path path) throws TokenizerFormatException {
    return new HfTokenizerJson(path.toString()).build(path);
  }

  private Tokenizer build(Path path) throws TokenizerFormatException {
    JsonObject root = readJson(path, src);
    try {
      return build(path, root);
    } catch (ClassCastException | NullPointerException | ArithmeticException e) {
      throw new TokenizerFormatException(src + ": malformed tokenizer.json: " + e, e);
    }
  }

  private Tokenizer build(Path path, JsonObject root) throws TokenizerFormatException {
    JsonObject model = root.getJsonObject("model");
    if (model == null || !"BPE".equals(model.getString("type", "BPE"))) {
      throw unsupported("model type " + (model == null ? "none" : model.getString("type", "?")));
    }
    if (!isNull(model, "continuing_subword_prefix") || !isNull(model, "end_of_word_suffix")) {
      throw unsupported("BPE with subword prefix or word suffix");
    }
    if (!isNull(model, "dropout") && model.getJsonNumber("dropout").doubleValue() != 0) {
      throw unsupported("BPE dropout");
    }
    boolean byteFallback = model.getBoolean("byte_fallback", false);
    boolean ignoreMerges = model.getBoolean("ignore_merges", false);

    // Vocabulary: model.vocab plus added_tokens.
    JsonObject vocabJson = model.getJsonObject("vocab");
    JsonArray added = root.containsKey("added_tokens") ? root.getJsonArray("added_tokens") : null;
    int n = 0;
    for (Map.Entry<String, JsonValue> e : vocabJson.entrySet()) {
      n = Math.max(n, id(e.getValue()) + 1);
    }
    if (added != null) {
      for (JsonValue v : added) {
        n = Math.max(n, id(v.asJsonObject().get("id")) + 1);
      }
    }
    if (n > Vocabulary.MAX_VOCAB) {
      throw new TokenizerFormatException(src + ": vocabulary of " + n + " tokens");
    }
    String[] pieces = new String[n];
    TokenType[] types = new TokenType[n];
    for (Map.Entry<String, JsonValue> e : vocabJson.entrySet()) {
      int id = id(e.getValue());
      pieces[id] = e.getKey();
      types[id] =
          byteFallback && e.getKey().matches("<0x[0-9A-F]{2}>") ? TokenType.BYTE : TokenType.NORMAL;
    }
    BitSet lstrip = new BitSet(n);
    BitSet rstrip = new BitSet(n);
    if (added != null) {
      for (JsonValue v : added) {
        JsonObject t = v.asJsonObject();
        int id = id(t.get("id"));
        pieces[id] = t.getString("content");
        types[id] = t.getBoolean("special", false) ? TokenType.CONTROL : TokenType.USER_DEFINED;
        lstrip.set(id, t.getBoolean("lstrip", false));
        rstrip.set(id, t.getBoolean("rstrip", false));
      }
    }
    for (int i = 0; i < n; i++) {
      if (pieces[i] == null) {
        throw new TokenizerFormatException(src + ": vocabulary has no token " + i);
      }
    }
    int unk = -1;
    if (!isNull(model, "unk_token")) {
      Integer u = index(pieces, model.getString("unk_token"));
      if (u != null) {
        unk = u;
        types[u] = TokenType.UNKNOWN;
      }
    }

    // Merges: "left right" strings or [left, right] pairs.
    List<String> merges = new ArrayList<>();
    for (JsonValue m : model.getJsonArray("merges")) {
      if (m instanceof JsonString s) {
        String[] parts = s.getString().split(" ", -1);
        if (parts.length != 2) {
          throw new TokenizerFormatException(src + ": merge \"" + s.getString() + "\" malformed");
        }
        merges.add(s.getString());
      } else {
        JsonArray a = m.asJsonArray();
        merges.add(BpeTokenizer.rankKey(a.getString(0), a.getString(1)));
      }
    }

    // Spelling: byte-level or SentencePiece-like, from normalizer and pre-tokenizer.
    BpeTokenizer.ByteLevelSpelling byteLevel = null;
    BpeTokenizer.MetaspaceSpelling metaspace = null;
    List<JsonObject> pre = flatten(root.get("pre_tokenizer"), "pretokenizers");
    List<JsonObject> norm = flatten(root.get("normalizer"), "normalizers");
    List<String> regexes = new ArrayList<>();
    boolean sawByteLevel = false;
    boolean addPrefixSpace = false;
    BpeTokenizer.Prepend prepend = BpeTokenizer.Prepend.NEVER;
    boolean metaspaceSplit = false;
    boolean sawMetaspace = false;
    for (JsonObject p : pre) {
      switch (p.getString("type")) {
        case "ByteLevel" -> {
          sawByteLevel = true;
          addPrefixSpace = p.getBoolean("add_prefix_space", false);
          if (p.getBoolean("use_regex", true)) {
            regexes.add(PreTokenizer.GPT2);
          }
        }
        case "Split" -> {
          JsonObject pattern = p.getJsonObject("pattern");
          String behavior = p.getString("behavior", "Isolated");
          if (!"Isolated".equals(behavior) || p.getBoolean("invert", false)) {
            throw unsupported("Split behaviour " + behavior);
          }
          if (pattern.containsKey("Regex")) {
            regexes.add(pattern.getString("Regex"));
          } else {
            regexes.add(java.util.regex.Pattern.quote(pattern.getString("String")));
          }
        }
        case "Digits" ->
            regexes.add(p.getBoolean("individual_digits", false) ? "\\p{N}" : "\\p{N}+");
        case "Metaspace" -> {
          sawMetaspace = true;
          if (!"\u2581".equals(p.getString("replacement", "\u2581"))) {
            throw unsupported("Metaspace replacement");
          }
          String scheme =
              p.containsKey("prepend_scheme")
                  ? p.getString("prepend_scheme")
                  : p.getBoolean("add_prefix_space", true) ? "always" : "never";
          prepend =
              switch (scheme) {
                case "always" -> BpeTokenizer.Prepend.ALWAYS;
                case "first" -> BpeTokenizer.Prepend.FIRST;
                case "never" -> BpeTokenizer.Prepend.NEVER;
                default -> throw unsupported("Metaspace prepend_scheme " + scheme);
              };
          metaspaceSplit = p.getBoolean("split", true);
        }
        default -> throw unsupported("pre_tokenizer " + p.getString("type"));
      }
    }
    boolean normalizerSpaces = false;
    java.text.Normalizer.Form unicodeForm = null;
    for (JsonObject z : norm) {
      switch (z.getString("type")) {
        case "NFC" -> unicodeForm = java.text.Normalizer.Form.NFC;
        case "NFKC" -> unicodeForm = java.text.Normalizer.Form.NFKC;
        case "NFD" -> unicodeForm = java.text.Normalizer.Form.NFD;
        case "NFKD" -> unicodeForm = java.text.Normalizer.Form.NFKD;
        case "Prepend" -> {
          if (!"\u2581".equals(z.getString("prepend"))) {
            throw unsupported("Prepend normalizer of " + z.getString("prepend"));
          }
          prepend = BpeTokenizer.Prepend.UNCONDITIONAL;
        }
        case "Replace" -> {
          JsonObject pattern = z.getJsonObject("pattern");
          if (!" ".equals(pattern.getString("String", null))
              || !"\u2581".equals(z.getString("content"))) {
            throw unsupported("Replace normalizer other than ' ' to '\u2581'");
          }
          normalizerSpaces = true;
        }
        default -> throw unsupported("normalizer " + z.getString("type"));
      }
    }
    if (sawByteLevel) {
      if (sawMetaspace || normalizerSpaces) {
        throw unsupported("mix of ByteLevel and Metaspace");
      }
      byteLevel = new BpeTokenizer.ByteLevelSpelling(new PreTokenizer(regexes), addPrefixSpace);
    } else if (sawMetaspace || normalizerSpaces) {
      if (!regexes.isEmpty()) {
        throw unsupported("Split or Digits with Metaspace");
      }
      metaspace = new BpeTokenizer.MetaspaceSpelling(prepend, metaspaceSplit);
    } else {
      throw unsupported("BPE without ByteLevel or Metaspace (no known spelling of spaces)");
    }

    // BOS/EOS and template from tokenizer_config.json; else from the post-processor.
    Path dir = path.toAbsolutePath().getParent();
    Path configPath = dir.resolve("tokenizer_config.json");
    JsonObject config =
        Files.exists(configPath) ? readJson(configPath, configPath.toString()) : null;
    int bos = -1;
    int eos = -1;
    boolean addBos = false;
    boolean addEos = false;
    Optional<String> template = Optional.empty();
    JsonObject tp = templateProcessing(root.get("post_processor"));
    if (tp != null) {
      JsonArray single = tp.getJsonArray("single");
      if (!single.isEmpty() && single.getJsonObject(0).containsKey("SpecialToken")) {
        Integer id =
            index(pieces, single.getJsonObject(0).getJsonObject("SpecialToken").getString("id"));
        if (id != null) {
          bos = id;
          addBos = true;
        }
      }
      JsonObject last = single.isEmpty() ? null : single.getJsonObject(single.size() - 1);
      if (single.size() > 1 && last.containsKey("SpecialToken")) {
        Integer id = index(pieces, last.getJsonObject("SpecialToken").getString("id"));
        if (id != null) {
          eos = id;
          addEos = true;
        }
      }
    }
    if (config != null) {
      Integer b = tokenRef(pieces, config.get("bos_token"));
      Integer e = tokenRef(pieces, config.get("eos_token"));
      bos = b != null ? b : bos;
      eos = e != null ? e : eos;
      if (config.containsKey("add_bos_token")) {
        addBos = config.getBoolean("add_bos_token");
      }
      if (config.containsKey("add_eos_token")) {
        addEos = config.getBoolean("add_eos_token");
      }
      JsonValue ct = config.get("chat_template");
      if (ct instanceof JsonString s) {
        template = Optional.of(s.getString());
      } else if (ct instanceof JsonArray a) {
        for (JsonValue v : a) {
          if ("default".equals(v.asJsonObject().getString("name", ""))) {
            template = Optional.of(v.asJsonObject().getString("template"));
          }
        }
      }
    }
    List<Integer> extraEog = new ArrayList<>();
    Path genPath = dir.resolve("generation_config.json");
    if (Files.exists(genPath)) {
      JsonValue e = readJson(genPath, genPath.toString()).get("eos_token_id");
      if (e instanceof JsonNumber num) {
        extraEog.add(num.intValueExact());
      } else if (e instanceof JsonArray a) {
        for (JsonValue v : a) {
          extraEog.add(((JsonNumber) v).intValueExact());
        }
      }
    }
    Vocabulary vocab =
        new Vocabulary(
            src,
            pieces,
            types,
            null,
            bos,
            eos,
            unk,
            addBos,
            addEos,
            extraEog.stream().mapToInt(Integer::intValue).toArray(),
            template,
            lstrip,
            rstrip,
            true);
    return new BpeTokenizer(
        vocab,
        BpeTokenizer.ranksOf(merges.toArray(new String[0])),
        byteLevel,
        metaspace,
        ignoreMerges,
        byteFallback,
        unicodeForm);
  }

  private static boolean isNull(JsonObject o, String key) {
    return !o.containsKey(key) || o.isNull(key);
  }

  private int id(JsonValue v) throws TokenizerFormatException {
    int id = ((JsonNumber) v).intValueExact();
    if (id < 0 || id >= Vocabulary.MAX_VOCAB) {
      throw new TokenizerFormatException(src + ": token id " + id + " out of range");
    }
    return id;
  }

  private static Integer index(String[] pieces, String piece) {
    for (int i = 0; i < pieces.length; i++) {
      if (pieces[i].equals(piece)) {
        return i;
      }
    }
    return null;
  }

  /** A token named in tokenizer_config.json: a string or {@code {"content": ...}}. */
  private static Integer tokenRef(String[] pieces, JsonValue v) {
    if (v instanceof JsonString s) {
      return index(pieces, s.getString());
    }
    if (v instanceof JsonObject o && o.containsKey("content")) {
      return index(pieces, o.getString("content"));
    }
    return null;
  }

  private static JsonObject templateProcessing(JsonValue v) {
    for (JsonObject o : flatten(v, "processors")) {
      if ("TemplateProcessing".equals(o.getString("type", ""))) {
        return o;
      }
    }
    return null;
  }

  /** A component, or the members of a {@code Sequence} of them; none for null. */
  private static List<JsonObject> flatten(JsonValue v, String listKey) {
    List<JsonObject> out = new ArrayList<>();
    if (v == null || v == JsonValue.NULL) {
      return out;
    }
    JsonObject o = v.asJsonObject();
    if ("Sequence".equals(o.getString("type", ""))) {
      for (JsonValue m : o.getJsonArray(listKey)) {
        out.addAll(flatten(m, listKey));
      }
    } else {
      out.add(o);
    }
    return out;
  }
}
