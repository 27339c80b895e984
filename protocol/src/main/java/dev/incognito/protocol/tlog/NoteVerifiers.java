package dev.incognito.protocol.tlog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Verifies signed notes against a set of known keys, per C2SP signed-note. */
public final class NoteVerifiers {

  private NoteVerifiers() {}

  /**
   * Checks every signature by a known (name, key ID) and returns the names that signed. Signatures
   * by unknown keys are ignored; a known key's bad signature rejects the note; so does a note that
   * no known key signed.
   */
  public static Set<String> verify(SignedNote note, List<NoteKeys.Verifier> known)
      throws NoteVerificationException {
    Set<String> signers = new LinkedHashSet<>();
    for (SignedNote.Signature s : note.signatures()) {
      for (NoteKeys.Verifier v : known) {
        if (v.name().equals(s.name()) && v.keyId() == s.keyId()) {
          if (!v.verify(note.text(), s.signature())) {
            throw new NoteVerificationException(
                "signature by " + s.name() + "+" + NoteKeys.hex8(s.keyId()) + " does not verify");
          }
          signers.add(s.name());
        }
      }
    }
    if (signers.isEmpty()) {
      List<String> names = new ArrayList<>();
      note.signatures().forEach(s -> names.add(s.name() + "+" + NoteKeys.hex8(s.keyId())));
      throw new NoteVerificationException("no known key signed the note (signed by " + names + ")");
    }
    return signers;
  }

  /**
   * Verifies a checkpoint signed by the log and cosigned by at least {@code quorum} of the
   * witnesses.
   */
  public static Checkpoint verifyCheckpoint(
      SignedNote note, NoteKeys.Verifier log, List<NoteKeys.Verifier> witnesses, int quorum)
      throws LogVerificationException {
    List<NoteKeys.Verifier> all = new ArrayList<>(witnesses);
    all.add(log);
    Set<String> signers = verify(note, all);
    if (!signers.contains(log.name())) {
      throw new NoteVerificationException("checkpoint is not signed by the log " + log.name());
    }
    long cosigners = witnesses.stream().filter(w -> signers.contains(w.name())).count();
    if (cosigners < quorum) {
      throw new NoteVerificationException(
          "checkpoint has " + cosigners + " witness cosignatures, the policy needs " + quorum);
    }
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    if (!checkpoint.origin().equals(log.name())) {
      throw new NoteVerificationException(
          "checkpoint origin " + checkpoint.origin() + " is not the log's name " + log.name());
    }
    return checkpoint;
  }
}
