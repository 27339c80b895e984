package dev.incognito.inference.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * SentencePiece-style tokenisation as llama.cpp's {@code llm_tokenizer_spm} and llama2.c do it:
 * start from single code points, repeatedly merge the adjacent pair whose concatenation is the
 * highest-scoring token (leftmost on ties), and spell any code point the vocabulary lacks as its
 * UTF-8 bytes through {@code <0xAB>} tokens.
 */
final class SentencePieceTokenizer extends VocabTokenizer {

  /** The SentencePiece whitespace symbol U+2581. */
  static final char SPACE_SYMBOL = '\u2581';

  private final boolean addSpacePrefix;
  private final boolean escapeSpaces;
  private final int[] byteTokens = new int[256];

  /**
   * @param addSpacePrefix prepend a space to text at the start and after each special token
   * @param escapeSpaces whether the vocabulary spells a space as {@code ▁} (GGUF, SentencePiece)
   *     rather than as a space (llama2.c)
   */
  SentencePieceTokenizer(Vocabulary vocab, boolean addSpacePrefix, boolean escapeSpaces)
      throws TokenizerFormatException {
    super(vocab);
    if (vocab.scores == null) {
      throw new TokenizerFormatException(
          vocab.source + ": a SentencePiece vocabulary needs token scores");
    }
    this.addSpacePrefix = addSpacePrefix;
    this.escapeSpaces = escapeSpaces;
    Arrays.fill(byteTokens, vocab.unk);
    for (int b = 0; b < 256; b++) {
      Integer id = vocab.ids.get(String.format("<0x%02X>", b));
      if (id != null) {
        byteTokens[b] = id;
      } else if (vocab.unk < 0) {
        throw new TokenizerFormatException(
            vocab.source + ": no token for byte " + b + " and no unknown token to stand in");
      }
    }
  }

  private record Bigram(float score, int left, int right, int size) {}

  @Override
  void encodeText(String text, boolean first, boolean afterSpecial, IntList out) {
    String s = addSpacePrefix && afterSpecial ? " " + text : text;
    if (escapeSpaces) {
      s = s.replace(' ', SPACE_SYMBOL);
    }
    int n = s.codePointCount(0, s.length());
    int[] start = new int[n]; // char index of each symbol
    int[] len = new int[n]; // chars; 0 once merged into its left neighbour
    int[] prev = new int[n];
    int[] next = new int[n];
    for (int i = 0, at = 0; i < n; i++) {
      start[i] = at;
      len[i] = Character.charCount(s.codePointAt(at));
      at += len[i];
      prev[i] = i - 1;
      next[i] = i + 1 < n ? i + 1 : -1;
    }
    PriorityQueue<Bigram> queue =
        new PriorityQueue<>(
            (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : a.left - b.left);
    for (int i = 1; i < n; i++) {
      tryAddBigram(s, start, len, i - 1, i, queue);
    }
    while (!queue.isEmpty()) {
      Bigram g = queue.poll();
      int l = g.left;
      int r = g.right;
      if (len[l] == 0 || len[r] == 0 || len[l] + len[r] != g.size) {
        continue; // outdated: one side was merged since
      }
      len[l] += len[r];
      len[r] = 0;
      next[l] = next[r];
      if (next[r] >= 0) {
        prev[next[r]] = l;
      }
      tryAddBigram(s, start, len, prev[l], l, queue);
      tryAddBigram(s, start, len, l, next[l], queue);
    }
    for (int i = n == 0 ? -1 : 0; i >= 0; i = next[i]) {
      String piece = s.substring(start[i], start[i] + len[i]);
      Integer id = vocab.ids.get(piece);
      if (id != null) {
        out.add(id);
      } else {
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
          out.add(byteTokens[b & 0xff]);
        }
      }
    }
  }

  private void tryAddBigram(
      String s, int[] start, int[] len, int left, int right, PriorityQueue<Bigram> queue) {
    if (left < 0 || right < 0) {
      return;
    }
    int size = len[left] + len[right];
    Integer id = vocab.ids.get(s.substring(start[left], start[left] + size));
    if (id != null) {
      queue.add(new Bigram(vocab.scores[id], left, right, size));
    }
  }

  @Override
  byte[] normalBytes(int id) {
    String p = vocab.pieces[id];
    if (escapeSpaces) {
      p = p.replace(SPACE_SYMBOL, ' ');
    }
    return p.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  boolean stripsLeadingSpace() {
    return addSpacePrefix;
  }
}
