package dev.incognito.inference.tokenizer;

/**
 * Token kinds, with the ids of {@code tokenizer.ggml.token_type} (llama.cpp {@code
 * llama_token_type}).
 */
enum TokenType {
  UNDEFINED,
  NORMAL,
  UNKNOWN,
  CONTROL,
  USER_DEFINED,
  UNUSED,
  BYTE;

  static TokenType fromId(int id) {
    return id >= 0 && id < values().length ? values()[id] : null;
  }
}
