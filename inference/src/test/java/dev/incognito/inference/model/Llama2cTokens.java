package dev.incognito.inference.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * llama2.c's {@code tokenizer.bin} and its {@code encode}/{@code decode} from run.c, just enough to
 * drive the model tests: BOS, a dummy-prefix space, code points or byte fallback, then greedy
 * best-score pair merges.
 */
final class Llama2cTokens {
  private final String[] pieces;
  private final float[] scores;
  private final Map<String, Integer> ids = new HashMap<>();

  Llama2cTokens(Path file, int vocab) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    b.getInt(); // max token length
    pieces = new String[vocab];
    scores = new float[vocab];
    for (int i = 0; i < vocab; i++) {
      scores[i] = b.getFloat();
      byte[] s = new byte[b.getInt()];
      b.get(s);
      pieces[i] = new String(s, StandardCharsets.UTF_8);
      ids.putIfAbsent(pieces[i], i);
    }
  }

  int[] encode(String text) {
    List<Integer> t = new ArrayList<>();
    t.add(1);
    t.add(ids.get(" "));
    text.codePoints()
        .forEach(
            cp -> {
              String s = new String(Character.toChars(cp));
              Integer id = ids.get(s);
              if (id != null) {
                t.add(id);
              } else {
                for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
                  t.add((x & 0xFF) + 3);
                }
              }
            });
    while (true) {
      float best = Float.NEGATIVE_INFINITY;
      int bestId = -1;
      int bestIdx = -1;
      for (int i = 0; i < t.size() - 1; i++) {
        Integer id = ids.get(pieces[t.get(i)] + pieces[t.get(i + 1)]);
        if (id != null && scores[id] > best) {
          best = scores[id];
          bestId = id;
          bestIdx = i;
        }
      }
      if (bestIdx < 0) {
        break;
      }
      t.set(bestIdx, bestId);
      t.remove(bestIdx + 1);
    }
    return t.stream().mapToInt(Integer::intValue).toArray();
  }

  String decode(int[] tokens) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] == 1 || tokens[i] == 2) {
        continue; // BOS, EOS
      }
      String p = pieces[tokens[i]];
      if (i > 0 && tokens[i - 1] == 1 && p.startsWith(" ")) {
        p = p.substring(1);
      }
      if (p.startsWith("<0x") && p.endsWith(">") && p.length() == 6) {
        p = String.valueOf((char) Integer.parseInt(p.substring(3, 5), 16));
      }
      sb.append(p);
    }
    return sb.toString();
  }
}
