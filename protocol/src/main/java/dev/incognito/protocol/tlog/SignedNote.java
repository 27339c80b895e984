package dev.incognito.protocol.tlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note: a UTF-8 text ending in a newline, a blank line, and signature lines {@code —
 * <name> <base64(keyID[4] || signature)>}. Parsing checks only the shape; {@link NoteVerifiers}
 * checks the signatures.
 */
public record SignedNote(String text, List<Signature> signatures) {

  /** Largest note accepted, in bytes. */
  public static final int MAX_NOTE_BYTES = 1 << 16;

  /** Most signature lines accepted on one note. */
  public static final int MAX_SIGNATURES = 100;

  private static final String DASH = "\u2014 ";

  /** One signature line. */
  public record Signature(String name, int keyId, byte[] signature) {
    public Signature {
      NoteKeys.checkName(name);
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    String line() {
      byte[] blob = new byte[4 + signature.length];
      blob[0] = (byte) (keyId >>> 24);
      blob[1] = (byte) (keyId >>> 16);
      blob[2] = (byte) (keyId >>> 8);
      blob[3] = (byte) keyId;
      System.arraycopy(signature, 0, blob, 4, signature.length);
      return DASH + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }
  }

  public SignedNote {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    signatures = List.copyOf(signatures);
  }

  /** Parses a note per C2SP signed-note, splitting at the last blank line. */
  public static SignedNote parse(byte[] note) throws NoteVerificationException {
    if (note.length > MAX_NOTE_BYTES) {
      throw new NoteVerificationException(
          "note is " + note.length + " bytes, more than MAX_NOTE_BYTES " + MAX_NOTE_BYTES);
    }
    String all;
    try {
      all = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(note)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new NoteVerificationException("note is not valid UTF-8");
    }
    int split = all.lastIndexOf("\n\n");
    if (split < 0 || !all.endsWith("\n")) {
      throw new NoteVerificationException("note has no signature block");
    }
    String text = all.substring(0, split + 1);
    String[] lines = all.substring(split + 2).split("\n", -1);
    List<Signature> signatures = new ArrayList<>();
    for (int i = 0; i < lines.length - 1; i++) { // the last element is empty: the block ends in \n
      String line = lines[i];
      if (signatures.size() == MAX_SIGNATURES) {
        throw new NoteVerificationException(
            "note has more than MAX_SIGNATURES " + MAX_SIGNATURES + " signatures");
      }
      if (!line.startsWith(DASH)) {
        throw new NoteVerificationException("signature line " + (i + 1) + " is malformed");
      }
      String[] parts = line.substring(DASH.length()).split(" ", -1);
      if (parts.length != 2) {
        throw new NoteVerificationException("signature line " + (i + 1) + " is malformed");
      }
      byte[] blob;
      try {
        blob = Base64.getDecoder().decode(parts[1]);
        NoteKeys.checkName(parts[0]);
      } catch (IllegalArgumentException e) {
        throw new NoteVerificationException("signature line " + (i + 1) + " is malformed");
      }
      if (blob.length < 5) {
        throw new NoteVerificationException("signature line " + (i + 1) + " is too short");
      }
      int keyId =
          ((blob[0] & 0xff) << 24)
              | ((blob[1] & 0xff) << 16)
              | ((blob[2] & 0xff) << 8)
              | (blob[3] & 0xff);
      signatures.add(
          new Signature(parts[0], keyId, java.util.Arrays.copyOfRange(blob, 4, blob.length)));
    }
    if (signatures.isEmpty()) {
      throw new NoteVerificationException("note has no signatures");
    }
    return new SignedNote(text, signatures);
  }

  /** This note with one more signature. */
  public SignedNote with(Signature signature) {
    List<Signature> all = new ArrayList<>(signatures);
    all.add(signature);
    return new SignedNote(text, all);
  }

  /** The wire form. */
  public byte[] encode() {
    StringBuilder out = new StringBuilder(text).append('\n');
    signatures.forEach(s -> out.append(s.line()));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
