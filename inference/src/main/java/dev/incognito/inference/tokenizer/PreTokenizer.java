package dev.incognito.inference.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words before BPE, by a sequence of regular expressions; each expression splits
 * every piece the previous one produced, keeping both its matches and the text between them
 * (Hugging Face {@code Split} with behaviour {@code Isolated}; llama.cpp {@code
 * unicode_regex_split}). {@code \s} is Unicode {@code White_Space} throughout.
 */
final class PreTokenizer {

  private static final String WS = "\\p{IsWhite_Space}";

  /** GPT-2's expression (Hugging Face {@code ByteLevel} with {@code use_regex}). */
  static final String GPT2 =
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^WS\\p{L}\\p{N}]+|[WS]+(?![^WS])|[WS]+"
          .replace("WS", WS);

  /** Llama 3's expression (tiktoken {@code cl100k_base}), with ASCII-only case folding. */
  static final String LLAMA3 =
      ("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
              + "|\\p{N}{1,3}| ?[^WS\\p{L}\\p{N}]+[\\r\\n]*|[WS]*[\\r\\n]+|[WS]+(?![^WS])|[WS]+")
          .replace("WS", WS);

  /** Qwen2's expression: Llama 3's with single digits. */
  static final String QWEN2 = LLAMA3.replace("\\p{N}{1,3}", "\\p{N}");

  private final List<Pattern> patterns;

  PreTokenizer(List<String> regexes) {
    this.patterns = regexes.stream().map(r -> Pattern.compile(translate(r))).toList();
  }

  /**
   * The expressions llama.cpp uses for a {@code tokenizer.ggml.pre} value, for those this project
   * supports.
   */
  static Optional<PreTokenizer> forGgufPre(String pre) {
    return Optional.ofNullable(
        switch (pre) {
          // "default" is a file converted without a known pre-tokenizer: GPT-2's is the guess.
          case "default", "gpt2", "gpt-2", "mpt", "olmo", "jais" -> new PreTokenizer(List.of(GPT2));
          case "llama3", "llama-v3", "llama-bpe" -> new PreTokenizer(List.of(LLAMA3));
          case "qwen2", "stablelm2" -> new PreTokenizer(List.of(QWEN2));
          case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone" ->
              new PreTokenizer(List.of("\\p{N}", GPT2));
          default -> null;
        });
  }

  /**
   * Rewrites a Hugging Face (Oniguruma/Rust) expression for {@code java.util.regex}: {@code \s} and
   * {@code \S} become Unicode white space.
   */
  static String translate(String regex) {
    StringBuilder b = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        char d = regex.charAt(i + 1);
        if (d == 's') {
          b.append(inClass ? WS : "[" + WS + "]");
        } else if (d == 'S') {
          b.append(inClass ? "\\P{IsWhite_Space}" : "[^" + WS + "]");
        } else {
          b.append(c).append(d);
        }
        i++;
      } else {
        if (c == '[') {
          inClass = true;
        } else if (c == ']') {
          inClass = false;
        }
        b.append(c);
      }
    }
    return b.toString();
  }

  /** The words of {@code text}, in order; their concatenation is {@code text}. */
  List<String> split(String text) {
    List<String> pieces = List.of(text);
    for (Pattern p : patterns) {
      List<String> next = new ArrayList<>();
      for (String piece : pieces) {
        Matcher m = p.matcher(piece);
        int last = 0;
        while (m.find()) {
          if (m.start() > last) {
            next.add(piece.substring(last, m.start()));
          }
          if (m.end() > m.start()) {
            next.add(piece.substring(m.start(), m.end()));
          }
          last = m.end();
        }
        if (last < piece.length()) {
          next.add(piece.substring(last));
        }
      }
      pieces = next;
    }
    return pieces;
  }
}
