package dev.incognito.inference.tokenizer;

import dev.incognito.inference.gguf.GgufFile;
import dev.incognito.inference.gguf.GgufFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Builds a {@link Tokenizer} from the files models ship with. */
public final class Tokenizers {

  /** Largest llama2.c {@code tokenizer.bin} read (bytes). */
  public static final long MAX_LLAMA2C_BYTES = 64L << 20;

  /** Longest token in a llama2.c {@code tokenizer.bin} (bytes). */
  public static final int MAX_LLAMA2C_TOKEN_BYTES = 1 << 12;

  private Tokenizers() {}

  /**
   * The tokenizer described by a GGUF file's {@code tokenizer.ggml.*} metadata: model {@code llama}
   * is SentencePiece-style (scores, byte fallback, {@code add_space_prefix}, default true); model
   * {@code gpt2} is byte-level BPE with {@code tokenizer.ggml.merges} and the pre-tokenizer {@code
   * tokenizer.ggml.pre} names ({@code default}/{@code gpt2}, {@code llama-bpe}/{@code llama3},
   * {@code qwen2}, {@code smollm}). Control, user-defined and unknown tokens (from {@code
   * tokenizer.ggml.token_type}) are matched in the text before either algorithm runs.
   *
   * @throws TokenizerFormatException if the metadata is missing, inconsistent or names a model or
   *     pre-tokenizer this project does not implement
   */
  public static Tokenizer fromGguf(GgufFile gguf) throws TokenizerFormatException {
    String src = gguf.path().toString();
    try {
      String model = gguf.requireString("tokenizer.ggml.model");
      String[] tokens = gguf.requireStringArray("tokenizer.ggml.tokens");
      int n = tokens.length;
      TokenType[] types = new TokenType[n];
      Optional<int[]> typeIds = gguf.getIntArray("tokenizer.ggml.token_type");
      for (int i = 0; i < n; i++) {
        if (typeIds.isEmpty()) {
          types[i] = TokenType.NORMAL;
          continue;
        }
        if (typeIds.get().length != n) {
          throw new TokenizerFormatException(src + ": token_type length differs from tokens");
        }
        types[i] = TokenType.fromId(typeIds.get()[i]);
        if (types[i] == null) {
          throw new TokenizerFormatException(
              src + ": token " + i + " has unknown token type " + typeIds.get()[i]);
        }
      }
      float[] scores = gguf.getFloatArray("tokenizer.ggml.scores").orElse(null);
      boolean spm = model.equals("llama");
      if (!spm && !model.equals("gpt2")) {
        throw new TokenizerFormatException(
            src + ": unsupported tokenizer.ggml.model " + model + " (llama and gpt2 are)");
      }
      String pre = gguf.getString("tokenizer.ggml.pre").orElse("default");
      boolean llama3 = pre.equals("llama3") || pre.equals("llama-v3") || pre.equals("llama-bpe");
      int bos = gguf.getInt("tokenizer.ggml.bos_token_id").orElse(spm ? 1 : -1);
      int eos = gguf.getInt("tokenizer.ggml.eos_token_id").orElse(spm ? 2 : -1);
      int unk = gguf.getInt("tokenizer.ggml.unknown_token_id").orElse(spm ? 0 : -1);
      boolean addBos = gguf.getBoolean("tokenizer.ggml.add_bos_token").orElse(spm || llama3);
      boolean addEos = gguf.getBoolean("tokenizer.ggml.add_eos_token").orElse(false);
      int[] extraEog = {
        gguf.getInt("tokenizer.ggml.eot_token_id").orElse(-1),
        gguf.getInt("tokenizer.ggml.eom_token_id").orElse(-1)
      };
      BitSet rstrip = null;
      String name = gguf.getString("general.name").orElse("").toLowerCase(Locale.ROOT);
      if (name.contains("phi-3") || name.contains("phi3")) {
        // llama.cpp's attributes for Phi-3: special tokens eat the white space after them.
        rstrip = new BitSet(n);
        for (int i = 0; i < n; i++) {
          TokenType t = types[i];
          if (t == TokenType.CONTROL || t == TokenType.USER_DEFINED || t == TokenType.UNKNOWN) {
            rstrip.set(i);
          }
        }
        for (int i = 0; i < n; i++) {
          if (List.of("<unk>", "<s>", "<|endoftext|>").contains(tokens[i])) {
            rstrip.clear(i);
          } else if (tokens[i].equals("</s>")) {
            rstrip.set(i);
          }
        }
      }
      Vocabulary vocab =
          new Vocabulary(
              src,
              tokens,
              types,
              scores,
              bos,
              eos,
              unk,
              addBos,
              addEos,
              extraEog,
              gguf.getString("tokenizer.chat_template"),
              null,
              rstrip,
              true);
      if (spm) {
        boolean spacePrefix = gguf.getBoolean("tokenizer.ggml.add_space_prefix").orElse(true);
        return new SentencePieceTokenizer(vocab, spacePrefix, true);
      }
      PreTokenizer preTokenizer =
          PreTokenizer.forGgufPre(pre)
              .orElseThrow(
                  () ->
                      new TokenizerFormatException(
                          src + ": unsupported tokenizer.ggml.pre " + pre));
      Map<String, Integer> ranks;
      try {
        ranks = BpeTokenizer.ranksOf(gguf.requireStringArray("tokenizer.ggml.merges"));
      } catch (IllegalArgumentException e) {
        throw new TokenizerFormatException(src + ": tokenizer.ggml.merges: " + e.getMessage());
      }
      return new BpeTokenizer(
          vocab,
          ranks,
          new BpeTokenizer.ByteLevelSpelling(preTokenizer, false),
          null,
          llama3,
          false,
          null);
    } catch (GgufFormatException e) {
      throw new TokenizerFormatException(e.getMessage(), e);
    }
  }

  /**
   * A llama2.c {@code tokenizer.bin} (karpathy/llama2.c {@code run.c build_tokenizer}): int32
   * {@code max_token_length}, then per token a float32 score, an int32 length and that many bytes,
   * little-endian. Token 0 is unk, 1 BOS, 2 EOS, {@code <0xAB>} the byte tokens; a space prefix is
   * added and BOS is added when asked; special-token text is not parsed.
   */
  public static Tokenizer fromLlama2c(Path tokenizerBin, int vocabSize)
      throws TokenizerFormatException {
    String src = tokenizerBin.toString();
    if (vocabSize < 3 || vocabSize > Vocabulary.MAX_VOCAB) {
      throw new TokenizerFormatException(src + ": vocabulary size " + vocabSize + " out of range");
    }
    byte[] all;
    try {
      long size = Files.size(tokenizerBin);
      if (size > MAX_LLAMA2C_BYTES) {
        throw new TokenizerFormatException(src + ": " + size + " bytes; too large");
      }
      all = Files.readAllBytes(tokenizerBin);
    } catch (IOException e) {
      throw new TokenizerFormatException(src + ": cannot read: " + e, e);
    }
    ByteBuffer in = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    String[] pieces = new String[vocabSize];
    float[] scores = new float[vocabSize];
    TokenType[] types = new TokenType[vocabSize];
    if (in.remaining() < 4) {
      throw new TokenizerFormatException(src + ": truncated");
    }
    int maxLen = in.getInt();
    if (maxLen < 1 || maxLen > MAX_LLAMA2C_TOKEN_BYTES) {
      throw new TokenizerFormatException(src + ": max_token_length " + maxLen + " out of range");
    }
    for (int i = 0; i < vocabSize; i++) {
      if (in.remaining() < 8) {
        throw new TokenizerFormatException(src + ": truncated at token " + i);
      }
      scores[i] = in.getFloat();
      int len = in.getInt();
      if (len < 0 || len > maxLen || len > in.remaining()) {
        throw new TokenizerFormatException(src + ": token " + i + " length " + len + " invalid");
      }
      byte[] b = new byte[len];
      in.get(b);
      pieces[i] = new String(b, StandardCharsets.UTF_8);
      types[i] =
          i == 0
              ? TokenType.UNKNOWN
              : i <= 2
                  ? TokenType.CONTROL
                  : pieces[i].matches("<0x[0-9A-F]{2}>") ? TokenType.BYTE : TokenType.NORMAL;
    }
    Vocabulary vocab =
        new Vocabulary(
            src,
            pieces,
            types,
            scores,
            1,
            2,
            0,
            true,
            false,
            new int[0],
            Optional.empty(),
            null,
            null,
            false);
    return new SentencePieceTokenizer(vocab, true, false);
  }

  /**
   * A Hugging Face {@code tokenizer.json} with a BPE model: byte-level (GPT-2, Llama 3, Qwen2) or
   * SentencePiece-like with byte fallback (Llama 2 style). BOS, EOS, whether to add them, and the
   * chat template come from {@code tokenizer_config.json} beside it where present (else from the
   * post-processor); extra end-of-generation ids from {@code generation_config.json}.
   *
   * @throws TokenizerFormatException for unreadable JSON or components this project does not
   *     implement (the message names them)
   */
  public static Tokenizer fromTokenizerJson(Path tokenizerJson) throws TokenizerFormatException {
    return HfTokenizerJson.load(tokenizerJson);
  }
}
