package dev.incognito.inference.tokenizer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Byte-pair encoding by merge rank (Sennrich et al.; Hugging Face {@code models::bpe}, llama.cpp
 * {@code llm_tokenizer_bpe}): within each word, repeatedly merge the adjacent pair with the lowest
 * rank in the merge list (leftmost on ties).
 *
 * <p>Two spellings of text: byte-level (GPT-2, Llama 3, Qwen2: words from a {@link PreTokenizer},
 * each byte mapped by {@link ByteLevel}) and SentencePiece-like (Llama 2 style {@code
 * tokenizer.json}: spaces as {@code ▁}, code points the vocabulary lacks as {@code <0xAB>} byte
 * tokens).
 */
final class BpeTokenizer extends VocabTokenizer {

  /** How a SentencePiece-like vocabulary prefixes {@code ▁}. */
  enum Prepend {
    /** Never. */
    NEVER,
    /** To the span that starts the input, unless it starts with {@code ▁}. */
    FIRST,
    /** To every span, unless it starts with {@code ▁} (Metaspace {@code always}). */
    ALWAYS,
    /** To every non-empty span, unconditionally (normalizer {@code Prepend}). */
    UNCONDITIONAL
  }

  /** Settings of the byte-level spelling. */
  record ByteLevelSpelling(PreTokenizer pre, boolean addPrefixSpace) {}

  /** Settings of the SentencePiece-like spelling. */
  record MetaspaceSpelling(Prepend prepend, boolean splitWords) {}

  private final Map<String, Integer> ranks; // "left right" -> rank
  private final ByteLevelSpelling byteLevel; // null for the SentencePiece-like spelling
  private final MetaspaceSpelling metaspace;
  private final boolean ignoreMerges;
  private final int[] byteTokens; // <0xAB> ids, or null without byte fallback
  private final Normalizer.Form unicodeForm; // applied to each span first, or null

  BpeTokenizer(
      Vocabulary vocab,
      Map<String, Integer> ranks,
      ByteLevelSpelling byteLevel,
      MetaspaceSpelling metaspace,
      boolean ignoreMerges,
      boolean byteFallback,
      Normalizer.Form unicodeForm)
      throws TokenizerFormatException {
    super(vocab);
    this.unicodeForm = unicodeForm;
    if ((byteLevel == null) == (metaspace == null)) {
      throw new IllegalArgumentException("exactly one spelling");
    }
    this.ranks = ranks;
    this.byteLevel = byteLevel;
    this.metaspace = metaspace;
    this.ignoreMerges = ignoreMerges;
    int[] bt = null;
    if (byteFallback) {
      bt = new int[256];
      for (int b = 0; b < 256 && bt != null; b++) {
        Integer id = vocab.ids.get(String.format("<0x%02X>", b));
        if (id == null) {
          bt = null; // Hugging Face falls back to unk unless all 256 exist
        } else {
          bt[b] = id;
        }
      }
    }
    this.byteTokens = bt;
    if (byteLevel != null) {
      for (int b = 0; b < 256; b++) {
        if (!vocab.ids.containsKey(ByteLevel.encode(new byte[] {(byte) b}))) {
          throw new TokenizerFormatException(
              vocab.source + ": byte-level vocabulary lacks the symbol of byte " + b);
        }
      }
    } else if (bt == null && vocab.unk < 0) {
      throw new TokenizerFormatException(
          vocab.source + ": no byte tokens and no unknown token for text outside the vocabulary");
    }
  }

  /** The key of a merge: its two sides joined by a space, as GGUF and tokenizer.json spell it. */
  static String rankKey(String left, String right) {
    return left + ' ' + right;
  }

  @Override
  void encodeText(String raw, boolean first, boolean afterSpecial, IntList out) {
    String text = unicodeForm == null ? raw : Normalizer.normalize(raw, unicodeForm);
    if (byteLevel != null) {
      String t = byteLevel.addPrefixSpace() && !text.startsWith(" ") ? " " + text : text;
      for (String word : byteLevel.pre().split(t)) {
        encodeWord(ByteLevel.encode(word.getBytes(StandardCharsets.UTF_8)), out);
      }
      return;
    }
    String s = text.replace(' ', SentencePieceTokenizer.SPACE_SYMBOL);
    boolean prefix =
        switch (metaspace.prepend()) {
          case NEVER -> false;
          case FIRST -> first && s.charAt(0) != SentencePieceTokenizer.SPACE_SYMBOL;
          case ALWAYS -> s.charAt(0) != SentencePieceTokenizer.SPACE_SYMBOL;
          case UNCONDITIONAL -> true;
        };
    if (prefix) {
      s = SentencePieceTokenizer.SPACE_SYMBOL + s;
    }
    if (!metaspace.splitWords()) {
      encodeWord(s, out);
      return;
    }
    int from = 0;
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) == SentencePieceTokenizer.SPACE_SYMBOL) {
        encodeWord(s.substring(from, i), out);
        from = i;
      }
    }
    encodeWord(s.substring(from), out);
  }

  private record Bigram(int rank, int left, int right, int size) {}

  /** BPE over one word; symbols the vocabulary lacks become byte tokens or (fused) unk. */
  private void encodeWord(String word, IntList out) {
    if (ignoreMerges) {
      Integer id = vocab.ids.get(word);
      if (id != null) {
        out.add(id);
        return;
      }
    }
    // Runs of known code points are merged; unknown ones are spelled out between runs.
    int runStart = 0;
    boolean lastUnk = false;
    for (int at = 0; at < word.length(); ) {
      int cp = word.codePointAt(at);
      int next = at + Character.charCount(cp);
      String sym = word.substring(at, next);
      if (!vocab.ids.containsKey(sym)) {
        if (at > runStart) {
          mergeRun(word.substring(runStart, at), out);
          lastUnk = false;
        }
        if (byteTokens != null) {
          for (byte b : sym.getBytes(StandardCharsets.UTF_8)) {
            out.add(byteTokens[b & 0xff]);
          }
          lastUnk = false;
        } else if (vocab.unk >= 0 && !lastUnk) {
          out.add(vocab.unk); // fuse_unk: one unk for a run of unknown symbols
          lastUnk = true;
        }
        runStart = next;
      }
      at = next;
    }
    if (runStart < word.length()) {
      mergeRun(word.substring(runStart), out);
    }
  }

  private void mergeRun(String s, IntList out) {
    int n = s.codePointCount(0, s.length());
    int[] start = new int[n];
    int[] len = new int[n];
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
        new PriorityQueue<>((a, b) -> a.rank != b.rank ? a.rank - b.rank : a.left - b.left);
    for (int i = 1; i < n; i++) {
      addBigram(s, start, len, i - 1, i, queue);
    }
    while (!queue.isEmpty()) {
      Bigram g = queue.poll();
      int l = g.left;
      int r = g.right;
      if (len[l] == 0 || len[r] == 0 || len[l] + len[r] != g.size || next[l] != r) {
        continue; // outdated
      }
      len[l] += len[r];
      len[r] = 0;
      next[l] = next[r];
      if (next[r] >= 0) {
        prev[next[r]] = l;
      }
      addBigram(s, start, len, prev[l], l, queue);
      addBigram(s, start, len, l, next[l], queue);
    }
    for (int i = 0; i >= 0; i = next[i]) {
      String piece = s.substring(start[i], start[i] + len[i]);
      Integer id = vocab.ids.get(piece);
      if (id != null) {
        out.add(id);
        continue;
      }
      // A merge whose result is not a token: spell its code points, each known (encodeWord
      // sends only known code points here).
      for (int at = 0; at < piece.length(); ) {
        int cp = piece.codePointAt(at);
        out.add(vocab.ids.get(new String(Character.toChars(cp))));
        at += Character.charCount(cp);
      }
    }
  }

  private void addBigram(
      String s, int[] start, int[] len, int left, int right, PriorityQueue<Bigram> queue) {
    if (left < 0 || right < 0) {
      return;
    }
    Integer rank =
        ranks.get(
            rankKey(
                s.substring(start[left], start[left] + len[left]),
                s.substring(start[right], start[right] + len[right])));
    if (rank != null) {
      queue.add(new Bigram(rank, left, right, len[left] + len[right]));
    }
  }

  @Override
  byte[] normalBytes(int id) {
    String p = vocab.pieces[id];
    if (byteLevel == null) {
      return p.replace(SentencePieceTokenizer.SPACE_SYMBOL, ' ').getBytes(StandardCharsets.UTF_8);
    }
    byte[] out = new byte[p.length()];
    int n = 0;
    for (int i = 0; i < p.length(); i++) {
      int b = ByteLevel.byteOf(p.charAt(i));
      if (b < 0) {
        return p.getBytes(StandardCharsets.UTF_8); // not byte-level text: its own UTF-8
      }
      out[n++] = (byte) b;
    }
    return out;
  }

  @Override
  boolean stripsLeadingSpace() {
    return byteLevel == null && metaspace.prepend() != Prepend.NEVER;
  }

  /** Ranks of merges spelled {@code "left right"}, in priority order (the first wins a repeat). */
  static Map<String, Integer> ranksOf(String[] merges) {
    Map<String, Integer> ranks = new java.util.HashMap<>(merges.length * 2);
    for (int i = 0; i < merges.length; i++) {
      if (merges[i].indexOf(' ', 1) < 0) {
        throw new IllegalArgumentException("merge " + i + " has no space");
      }
      ranks.putIfAbsent(merges[i], i);
    }
    return ranks;
  }
}
