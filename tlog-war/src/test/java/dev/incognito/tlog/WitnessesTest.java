package dev.incognito.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteKeys;
import dev.incognito.protocol.tlog.NoteVerifiers;
import dev.incognito.protocol.tlog.SignedNote;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WitnessesTest {

  private final NoteKeys.Signer log = NoteKeys.Signer.generate("log.example/incognito");
  private final NoteKeys.Signer witness = NoteKeys.Signer.generate("witness.example/w1");

  private static String line(SignedNote.Signature s, String text) {
    String encoded = new String(new SignedNote(text, List.of(s)).encode(), StandardCharsets.UTF_8);
    return encoded.substring(text.length() + 1);
  }

  @Test
  void accept_servesCosignatureOnlyWithItsCheckpoint() throws Exception {
    Witnesses witnesses = Witnesses.parse(" " + witness.cosignatureVerifierKey() + " ,");
    Checkpoint c1 = new Checkpoint(log.name(), 1, new byte[32], List.of());
    Checkpoint c2 = new Checkpoint(log.name(), 2, new byte[32], List.of());
    witnesses.accept(c1, line(witness.cosign(c1.text(), 42), c1.text()));
    byte[] signed1 = new SignedNote(c1.text(), List.of(log.sign(c1.text()))).encode();
    byte[] served = witnesses.cosigned(signed1, c1);
    NoteVerifiers.verifyCheckpoint(
        SignedNote.parse(served),
        NoteKeys.parseVerifier(log.verifierKey()),
        List.of(NoteKeys.parseVerifier(witness.cosignatureVerifierKey())),
        1);
    byte[] signed2 = new SignedNote(c2.text(), List.of(log.sign(c2.text()))).encode();
    assertEquals(1, SignedNote.parse(witnesses.cosigned(signed2, c2)).signatures().size());
  }

  @Test
  void accept_rejectsUnknownWitnessAndCosignatureOverAnotherCheckpoint() throws Exception {
    Witnesses witnesses = Witnesses.parse(witness.cosignatureVerifierKey());
    Checkpoint c1 = new Checkpoint(log.name(), 1, new byte[32], List.of());
    Checkpoint c2 = new Checkpoint(log.name(), 2, new byte[32], List.of());
    NoteKeys.Signer stranger = NoteKeys.Signer.generate("witness.example/w1");
    assertThrows(
        LogVerificationException.class,
        () -> witnesses.accept(c1, line(stranger.cosign(c1.text(), 1), c1.text())));
    assertThrows(
        LogVerificationException.class,
        () -> witnesses.accept(c2, line(witness.cosign(c1.text(), 1), c1.text())));
    assertThrows(LogVerificationException.class, () -> witnesses.accept(c1, "garbage"));
  }
}
