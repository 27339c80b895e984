package dev.incognito.client.cli;

import dev.incognito.client.chat.ChatException;
import dev.incognito.client.chat.ChatResult;
import dev.incognito.client.transcript.Transcript;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Writes an answer's transcript when the person asked for one ({@code --save-transcript}). */
final class TranscriptSaving {

  private TranscriptSaving() {}

  static void save(ChatResult r, Path file, PrintWriter err) throws ChatException {
    Transcript t =
        r.transcript()
            .orElseThrow(
                () ->
                    new ChatException(
                        ChatException.Kind.VERIFICATION,
                        "no transcript saved: the answer's receipt is "
                            + r.receiptStatus().name().toLowerCase(java.util.Locale.ROOT)
                            + ", so there is nothing to verify later"));
    try {
      t.write(file);
    } catch (IOException e) {
      throw new ChatException(
          ChatException.Kind.CONFIGURATION, "cannot write the transcript " + file, e);
    }
    err.println(
        "note: saved the transcript to "
            + file
            + " (owner-only). It holds this conversation in clear; delete it when you no"
            + " longer need it. Check it with `incognito receipt verify "
            + file
            + "`.");
  }
}
