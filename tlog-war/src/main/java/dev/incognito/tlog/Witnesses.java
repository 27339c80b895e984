package dev.incognito.tlog;

import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteKeys;
import dev.incognito.protocol.tlog.NoteVerificationException;
import dev.incognito.protocol.tlog.NoteVerifiers;
import dev.incognito.protocol.tlog.SignedNote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The witnesses this log accepts cosignatures from (C2SP tlog-cosignature/v1), and the latest
 * cosignature each gave. Witnesses pull the checkpoint, check it is consistent with what they last
 * cosigned, and post their cosignature; the log serves the checkpoint with the cosignatures over
 * exactly that checkpoint.
 */
final class Witnesses {

  /** Most witnesses one log accepts. */
  static final int MAX_WITNESSES = 32;

  private final List<NoteKeys.Verifier> keys;
  private final Map<String, Cosigned> latest = new ConcurrentHashMap<>();

  private record Cosigned(String checkpointText, SignedNote.Signature signature) {}

  private Witnesses(List<NoteKeys.Verifier> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Parses a comma-separated list of cosignature verifier keys (blank: none). */
  static Witnesses parse(String config) throws NoteVerificationException {
    List<NoteKeys.Verifier> keys = new ArrayList<>();
    for (String vkey : config.split(",")) {
      if (!vkey.isBlank()) {
        NoteKeys.Verifier v = NoteKeys.parseVerifier(vkey.strip());
        keys.add(v);
      }
    }
    if (keys.size() > MAX_WITNESSES) {
      throw new NoteVerificationException(
          "more than MAX_WITNESSES " + MAX_WITNESSES + " witnesses");
    }
    return new Witnesses(keys);
  }

  /**
   * Accepts a cosignature line over {@code checkpoint} from a configured witness; anything else is
   * rejected with the reason.
   */
  void accept(Checkpoint checkpoint, String line) throws LogVerificationException {
    String text = checkpoint.text();
    SignedNote note =
        SignedNote.parse(
            (text + "\n" + line.strip() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (note.signatures().size() != 1) {
      throw new NoteVerificationException("post exactly one cosignature line");
    }
    NoteVerifiers.verify(note, keys); // unknown witness or bad signature: rejected
    SignedNote.Signature s = note.signatures().get(0);
    latest.put(s.name(), new Cosigned(text, s));
  }

  /** The signed checkpoint with every cosignature over exactly this checkpoint appended. */
  byte[] cosigned(byte[] signedCheckpoint, Checkpoint checkpoint) throws NoteVerificationException {
    SignedNote note = SignedNote.parse(signedCheckpoint);
    String text = checkpoint.text();
    for (Cosigned c : latest.values()) {
      if (c.checkpointText.equals(text)) {
        note = note.with(c.signature);
      }
    }
    return note.encode();
  }
}
