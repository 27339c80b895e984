package dev.incognito.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What both tokenizers share: input checks, splitting out special tokens before the model's own
 * algorithm runs (llama.cpp {@code tokenizer_st_partition}), BOS/EOS, and decoding.
 */
abstract class VocabTokenizer implements Tokenizer {

  final Vocabulary vocab;

  VocabTokenizer(Vocabulary vocab) {
    this.vocab = vocab;
  }

  /** A growable int list. */
  static final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }

  /**
   * Tokenises one span of text that holds no special token.
   *
   * @param first whether the span starts the input
   * @param afterSpecial whether the span starts the input or follows a special token
   */
  abstract void encodeText(String text, boolean first, boolean afterSpecial, IntList out);

  /** Bytes of a NORMAL token. */
  abstract byte[] normalBytes(int id);

  /** Whether decoding drops one leading space (the prefix the encoder adds). */
  abstract boolean stripsLeadingSpace();

  static void checkInput(String text) {
    if (text.length() > MAX_INPUT_CHARS) {
      throw new IllegalArgumentException(
          "text of " + text.length() + " chars exceeds " + MAX_INPUT_CHARS);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new IllegalArgumentException("text holds a lone high surrogate at index " + i);
      }
      if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("text holds a lone low surrogate at index " + i);
      }
    }
  }

  @Override
  public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
    checkInput(text);
    IntList out = new IntList();
    if (addSpecial && vocab.addBos) {
      out.add(vocab.bos);
    }
    boolean first = true;
    boolean afterSpecial = true;
    for (Object f : partition(text, parseSpecial)) {
      if (f instanceof Integer id) {
        out.add(id);
        afterSpecial = true;
      } else {
        encodeText((String) f, first, afterSpecial, out);
        afterSpecial = false;
      }
      first = false;
    }
    if (addSpecial && vocab.addEos) {
      out.add(vocab.eos);
    }
    return out.toArray();
  }

  /** Splits text into raw spans (String) and special tokens (Integer), longest special first. */
  private List<Object> partition(String text, boolean parseSpecial) {
    List<Object> frags = new ArrayList<>();
    if (text.isEmpty()) {
      return frags;
    }
    frags.add(text);
    for (int id : vocab.splitFirst) {
      TokenType type = vocab.types[id];
      if (!parseSpecial && (type == TokenType.CONTROL || type == TokenType.UNKNOWN)) {
        continue;
      }
      String s = vocab.pieces[id];
      List<Object> next = null;
      for (int f = 0; f < frags.size(); f++) {
        Object frag = frags.get(f);
        if (!(frag instanceof String raw) || raw.indexOf(s) < 0) {
          if (next != null) {
            next.add(frag);
          }
          continue;
        }
        if (next == null) {
          next = new ArrayList<>(frags.subList(0, f));
        }
        int from = 0;
        int at;
        while ((at = raw.indexOf(s, from)) >= 0) {
          String left = raw.substring(from, at);
          if (vocab.lstrip != null && vocab.lstrip.get(id)) {
            left = left.stripTrailing();
          }
          if (!left.isEmpty()) {
            next.add(left);
          }
          next.add(id);
          from = at + s.length();
          if (vocab.rstrip != null && vocab.rstrip.get(id)) {
            while (from < raw.length() && Character.isWhitespace(raw.charAt(from))) {
              from++;
            }
          }
        }
        if (from < raw.length()) {
          next.add(raw.substring(from));
        }
      }
      if (next != null) {
        frags = next;
      }
    }
    return frags;
  }

  @Override
  public byte[] tokenBytes(int id, boolean decodeSpecial) {
    if (id < 0 || id >= vocab.size()) {
      throw new IndexOutOfBoundsException("token " + id + " outside vocabulary of " + vocab.size());
    }
    return switch (vocab.types[id]) {
      case NORMAL, UNDEFINED -> normalBytes(id);
      case BYTE -> byteOf(id);
      case USER_DEFINED -> vocab.pieces[id].getBytes(StandardCharsets.UTF_8);
      case CONTROL, UNKNOWN ->
          decodeSpecial ? vocab.pieces[id].getBytes(StandardCharsets.UTF_8) : new byte[0];
      case UNUSED -> new byte[0];
    };
  }

  /** The byte of a {@code <0xAB>} token. */
  byte[] byteOf(int id) {
    String p = vocab.pieces[id];
    if (p.length() == 6 && p.startsWith("<0x") && p.endsWith(">")) {
      try {
        return new byte[] {(byte) Integer.parseInt(p.substring(3, 5), 16)};
      } catch (NumberFormatException e) {
        // not a byte token after all: fall through to its text
      }
    }
    return normalBytes(id);
  }

  @Override
  public String decode(int[] ids) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    boolean first = true;
    for (int id : ids) {
      byte[] t = tokenBytes(id, false);
      if (t.length == 0) {
        continue;
      }
      int from = first && stripsLeadingSpace() && t[0] == ' ' ? 1 : 0;
      b.write(t, from, t.length - from);
      first = false;
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public int vocabSize() {
    return vocab.size();
  }

  @Override
  public int bos() {
    return vocab.bos;
  }

  @Override
  public int eos() {
    return vocab.eos;
  }

  @Override
  public boolean isEndOfGeneration(int id) {
    return id >= 0 && vocab.endOfGeneration.get(id);
  }

  @Override
  public Optional<String> chatTemplate() {
    return vocab.chatTemplate;
  }

  @Override
  public int tokenId(String piece) {
    Integer id = vocab.ids.get(piece);
    return id == null ? -1 : id;
  }

  @Override
  public String piece(int id) {
    return vocab.pieces[id];
  }
}
