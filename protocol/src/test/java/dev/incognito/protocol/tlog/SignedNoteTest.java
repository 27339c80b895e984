package dev.incognito.protocol.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignedNoteTest {

  private static byte[] note(String name) throws IOException {
    return Files.readAllBytes(TlogVectors.dir().resolve("notes/" + name + ".note"));
  }

  private static List<NoteKeys.Verifier> vkeys(String name) throws Exception {
    List<NoteKeys.Verifier> out = new ArrayList<>();
    for (String line : Files.readAllLines(TlogVectors.dir().resolve("notes/" + name + ".vkeys"))) {
      if (!line.isBlank()) {
        out.add(NoteKeys.parseVerifier(line));
      }
    }
    return out;
  }

  @Test
  void verify_acceptsEveryPublishedNote() throws Exception {
    for (String name :
        List.of(
            "c2sp-signed-note-example",
            "golang-note-peterneumann",
            "sum.golang.org-checkpoint-6476701")) {
      SignedNote note = SignedNote.parse(note(name));
      Set<String> signers = NoteVerifiers.verify(note, vkeys(name));
      assertEquals(vkeys(name).size(), signers.size(), name);
      assertArrayEquals(note(name), note.encode(), "re-encoding " + name);
    }
  }

  @Test
  void sumdbCheckpoint_parsesOriginSizeAndRoot() throws Exception {
    SignedNote note = SignedNote.parse(note("sum.golang.org-checkpoint-6476701"));
    Checkpoint c = Checkpoint.parse(note.text());
    assertEquals("go.sum database tree", c.origin());
    assertEquals(6476701, c.size());
    assertEquals(
        "mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=",
        Base64.getEncoder().encodeToString(c.rootHash()));
    assertEquals(note.text(), c.text());
  }

  @Test
  void verify_ignoresUnknownSignersButNeedsOneKnown() throws Exception {
    SignedNote note = SignedNote.parse(note("golang-note-peterneumann"));
    assertEquals(
        Set.of("PeterNeumann"),
        NoteVerifiers.verify(note, vkeys("golang-note-peterneumann").subList(0, 1)));
    NoteVerificationException e =
        assertThrows(
            NoteVerificationException.class,
            () -> NoteVerifiers.verify(note, vkeys("c2sp-signed-note-example")));
    assertEquals(true, e.getMessage().startsWith("no known key signed the note"));
  }

  @Test
  void verify_rejectsEveryFlippedBitInTextOrSignature() throws Exception {
    byte[] good = note("c2sp-signed-note-example");
    List<NoteKeys.Verifier> keys = vkeys("c2sp-signed-note-example");
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        assertThrows(
            LogVerificationException.class,
            () -> NoteVerifiers.verify(SignedNote.parse(bad), keys),
            "byte " + i + " bit");
      }
    }
  }

  @Test
  void signer_roundTripsAndProducesVerifiableLines() throws Exception {
    NoteKeys.Signer signer = NoteKeys.Signer.generate("log.example/incognito");
    NoteKeys.Signer again = NoteKeys.Signer.parse(signer.encodePrivate());
    assertEquals(signer.verifierKey(), again.verifierKey());
    String text =
        "log.example/incognito\n3\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n";
    SignedNote note = new SignedNote(text, List.of(signer.sign(text)));
    SignedNote parsed = SignedNote.parse(note.encode());
    NoteVerifiers.verify(parsed, List.of(NoteKeys.parseVerifier(signer.verifierKey())));
    assertEquals(true, signer.toString().indexOf("PRIVATE") < 0);
  }

  @Test
  void signer_reproducesPublishedSignatureByteExactly() throws Exception {
    NoteKeys.Signer peter =
        NoteKeys.Signer.parse(
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
    SignedNote published = SignedNote.parse(note("golang-note-peterneumann"));
    assertEquals(vkeysText("golang-note-peterneumann").get(0), peter.verifierKey());
    assertArrayEquals(
        published.signatures().get(0).signature(), peter.sign(published.text()).signature());
  }

  private static List<String> vkeysText(String name) throws IOException {
    return Files.readAllLines(TlogVectors.dir().resolve("notes/" + name + ".vkeys"));
  }

  @Test
  void cosignature_verifiesWithWitnessKeyAndQuorum() throws Exception {
    NoteKeys.Signer log = NoteKeys.Signer.generate("log.example/incognito");
    NoteKeys.Signer w1 = NoteKeys.Signer.generate("witness.example/w1");
    NoteKeys.Signer w2 = NoteKeys.Signer.generate("witness.example/w2");
    String text = new Checkpoint("log.example/incognito", 5, new byte[32], List.of()).text();
    SignedNote note =
        new SignedNote(text, List.of(log.sign(text), w1.cosign(text, 1_700_000_000L)));
    NoteKeys.Verifier logKey = NoteKeys.parseVerifier(log.verifierKey());
    List<NoteKeys.Verifier> witnesses =
        List.of(
            NoteKeys.parseVerifier(w1.cosignatureVerifierKey()),
            NoteKeys.parseVerifier(w2.cosignatureVerifierKey()));
    Checkpoint c =
        NoteVerifiers.verifyCheckpoint(SignedNote.parse(note.encode()), logKey, witnesses, 1);
    assertEquals(5, c.size());
    assertThrows(
        NoteVerificationException.class,
        () -> NoteVerifiers.verifyCheckpoint(note, logKey, witnesses, 2));
    // a cosignature over another checkpoint does not count
    String other = new Checkpoint("log.example/incognito", 6, new byte[32], List.of()).text();
    SignedNote forged = new SignedNote(text, List.of(log.sign(text), w1.cosign(other, 1L)));
    assertThrows(
        NoteVerificationException.class,
        () -> NoteVerifiers.verifyCheckpoint(forged, logKey, witnesses, 1));
  }

  @Test
  void parse_rejectsMalformedNotes() {
    for (String bad :
        List.of(
            "no signatures\n",
            "text\n\n",
            "text\n\n— name\n",
            "text\n\n- name AAAAAAA=\n",
            "text\n\n— name !!!!\n",
            "text\n\n— name AAAA\n",
            "text\n\n— na me AAAAAAA=\n")) {
      assertThrows(
          NoteVerificationException.class,
          () -> SignedNote.parse(bad.getBytes(StandardCharsets.UTF_8)),
          bad);
    }
    assertThrows(
        NoteVerificationException.class,
        () -> SignedNote.parse(new byte[SignedNote.MAX_NOTE_BYTES + 1]));
  }

  @Test
  void parseVerifier_rejectsWrongKeyIdAndUnknownType() {
    assertThrows(
        NoteVerificationException.class,
        () ->
            NoteKeys.parseVerifier(
                "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    assertThrows(
        NoteVerificationException.class,
        () -> NoteKeys.parseVerifier("x+00000000+CRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  }

  @Test
  void checkpoint_rejectsNonCanonicalSizeAndShortRoot() {
    for (String bad :
        List.of(
            "o\n01\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n",
            "o\n-1\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n",
            "o\n1\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n",
            "o\n1\n",
            "o\n1\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n\n")) {
      assertThrows(NoteVerificationException.class, () -> Checkpoint.parse(bad), bad);
    }
  }
}
