package dev.incognito.inference.tokenizer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The token table shared by both tokenizers: text of each token (in the vocabulary's own form), its
 * kind, its score where the model has one, the special ids and the chat template.
 */
final class Vocabulary {

  /** Most tokens in a vocabulary. */
  static final int MAX_VOCAB = 1 << 22;

  /** Texts that end generation when the vocabulary holds them as special tokens. */
  static final Set<String> END_OF_GENERATION_TEXTS =
      Set.of(
          "<|eot_id|>",
          "<|im_end|>",
          "<|end|>",
          "<|endoftext|>",
          "<|eom_id|>",
          "<end_of_turn>",
          "<|end_of_text|>",
          "<EOT>");

  /** The file the vocabulary came from, for messages. */
  final String source;

  final String[] pieces;
  final TokenType[] types;
  final float[] scores; // null where the model has no scores
  final Map<String, Integer> ids;
  final int bos;
  final int eos;
  final int unk;
  final boolean addBos;
  final boolean addEos;
  final BitSet endOfGeneration;
  final Optional<String> chatTemplate;
  final BitSet lstrip;
  final BitSet rstrip;

  /** Special and user-defined ids to split out before tokenising, longest text first. */
  final int[] splitFirst;

  Vocabulary(
      String source,
      String[] pieces,
      TokenType[] types,
      float[] scores,
      int bos,
      int eos,
      int unk,
      boolean addBos,
      boolean addEos,
      int[] extraEndOfGeneration,
      Optional<String> chatTemplate,
      BitSet lstrip,
      BitSet rstrip,
      boolean splitSpecialTokens)
      throws TokenizerFormatException {
    int n = pieces.length;
    if (n == 0 || n > MAX_VOCAB) {
      throw new TokenizerFormatException(source + ": vocabulary of " + n + " tokens");
    }
    if (types.length != n || (scores != null && scores.length != n)) {
      throw new TokenizerFormatException(
          source + ": token types or scores do not match the " + n + " tokens");
    }
    for (int id : new int[] {bos, eos, unk}) {
      if (id < -1 || id >= n) {
        throw new TokenizerFormatException(source + ": special token id " + id + " out of range");
      }
    }
    this.source = source;
    this.pieces = pieces;
    this.types = types;
    this.scores = scores;
    this.ids = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      if (pieces[i] == null || types[i] == null) {
        throw new TokenizerFormatException(source + ": token " + i + " undefined");
      }
      ids.put(pieces[i], i); // a duplicated text resolves to its last id, as in llama.cpp
    }
    this.bos = bos;
    this.eos = eos;
    this.unk = unk;
    this.addBos = addBos && bos >= 0;
    this.addEos = addEos && eos >= 0;
    this.chatTemplate = chatTemplate;
    this.lstrip = lstrip;
    this.rstrip = rstrip;
    this.endOfGeneration = new BitSet(n);
    if (eos >= 0) {
      endOfGeneration.set(eos);
    }
    for (int id : extraEndOfGeneration) {
      if (id >= 0 && id < n) {
        endOfGeneration.set(id);
      }
    }
    for (String t : END_OF_GENERATION_TEXTS) {
      Integer id = ids.get(t);
      if (id != null && isSpecial(id)) {
        endOfGeneration.set(id);
      }
    }
    List<Integer> split = new ArrayList<>();
    if (splitSpecialTokens) {
      for (int i = 0; i < n; i++) {
        TokenType t = types[i];
        if ((t == TokenType.CONTROL || t == TokenType.USER_DEFINED || t == TokenType.UNKNOWN)
            && !pieces[i].isEmpty()) {
          split.add(i);
        }
      }
      split.sort(Comparator.comparingInt((Integer i) -> -pieces[i].length()).thenComparing(i -> i));
    }
    this.splitFirst = split.stream().mapToInt(Integer::intValue).toArray();
  }

  int size() {
    return pieces.length;
  }

  boolean isSpecial(int id) {
    TokenType t = types[id];
    return t == TokenType.CONTROL || t == TokenType.USER_DEFINED || t == TokenType.UNKNOWN;
  }
}
