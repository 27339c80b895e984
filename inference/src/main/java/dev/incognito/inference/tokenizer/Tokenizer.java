package dev.incognito.inference.tokenizer;

import java.util.Optional;

/**
 * Text to token ids and back, for one model's vocabulary. Two implementations: SentencePiece-style
 * merging by score and BPE merging by rank; {@link Tokenizers} builds them from a GGUF file, a
 * Hugging Face {@code tokenizer.json} or a llama2.c {@code tokenizer.bin}. Instances are immutable
 * and safe to share between threads.
 */
public interface Tokenizer {

  /** Longest text {@link #encode} accepts (UTF-16 chars). */
  int MAX_INPUT_CHARS = 1 << 20;

  /**
   * Encodes text, recognising the text of special tokens (e.g. {@code <|im_start|>}) as those
   * tokens — use on prompts rendered from a chat template.
   *
   * @param addSpecial add BOS and/or EOS as the model's metadata says (GGUF {@code
   *     tokenizer.ggml.add_bos_token}/{@code add_eos_token}, {@code tokenizer_config.json}
   *     otherwise, else the model type's default)
   * @throws IllegalArgumentException if the text holds a lone surrogate or exceeds {@link
   *     #MAX_INPUT_CHARS}
   */
  default int[] encode(String text, boolean addSpecial) {
    return encode(text, addSpecial, true);
  }

  /**
   * Encodes text.
   *
   * @param parseSpecial whether the text of control tokens becomes those tokens; user-defined
   *     tokens are always recognised (as llama.cpp and Hugging Face tokenizers do)
   * @throws IllegalArgumentException if the text holds a lone surrogate or exceeds {@link
   *     #MAX_INPUT_CHARS}
   */
  int[] encode(String text, boolean addSpecial, boolean parseSpecial);

  /**
   * The raw bytes token {@code id} stands for, for streaming output: SentencePiece {@code ▁}
   * becomes a space, a byte-fallback token {@code <0xAB>} the byte 0xAB, byte-level BPE text its
   * bytes; control and unknown tokens give no bytes. A token may hold part of a UTF-8 sequence.
   *
   * @throws IndexOutOfBoundsException for an id outside the vocabulary
   */
  default byte[] tokenBytes(int id) {
    return tokenBytes(id, false);
  }

  /** As {@link #tokenBytes(int)}, but control and unknown tokens give their text if asked. */
  byte[] tokenBytes(int id, boolean decodeSpecial);

  /**
   * Decodes ids to text (control tokens omitted; invalid UTF-8 replaced by U+FFFD). A SentencePiece
   * vocabulary that adds a space prefix when encoding has it removed here.
   */
  String decode(int[] ids);

  /** Number of tokens in the vocabulary. */
  int vocabSize();

  /** The beginning-of-sequence token, or -1 if the vocabulary has none. */
  int bos();

  /** The end-of-sequence token, or -1 if the vocabulary has none. */
  int eos();

  /**
   * Whether generation ends at this token: EOS, the end-of-turn tokens the metadata names, and
   * {@code <|eot_id|>}, {@code <|im_end|>}, {@code <|end|>}, {@code <|endoftext|>}, {@code
   * <|eom_id|>}, {@code <end_of_turn>} where the vocabulary has them as special tokens.
   */
  boolean isEndOfGeneration(int id);

  /** The model's own Jinja chat template, if it ships one. */
  Optional<String> chatTemplate();

  /** The id of the token whose text is exactly {@code piece} (vocabulary form), or -1. */
  int tokenId(String piece);

  /** The text of token {@code id} as the vocabulary stores it (e.g. {@code ▁the}, {@code Ġthe}). */
  String piece(int id);
}
