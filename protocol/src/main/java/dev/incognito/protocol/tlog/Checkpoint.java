package dev.incognito.protocol.tlog;

import java.util.Base64;
import java.util.List;

/**
 * The body of a C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, then
 * optional extension lines.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

  /** Most extension lines accepted. */
  public static final int MAX_EXTENSIONS = 16;

  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("checkpoint origin is empty or has a newline");
    }
    if (size < 0) {
      throw new IllegalArgumentException("tree size " + size + " is negative");
    }
    if (rootHash.length != MerkleHashes.HASH_SIZE) {
      throw new IllegalArgumentException("root hash is not 32 bytes");
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions);
    if (extensions.size() > MAX_EXTENSIONS
        || extensions.stream().anyMatch(e -> e.isEmpty() || e.contains("\n"))) {
      throw new IllegalArgumentException("checkpoint extension lines are malformed");
    }
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** Parses the note text of a checkpoint. */
  public static Checkpoint parse(String text) throws NoteVerificationException {
    if (!text.endsWith("\n")) {
      throw new NoteVerificationException("checkpoint does not end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3 || lines.length > 3 + MAX_EXTENSIONS) {
      throw new NoteVerificationException("checkpoint has " + lines.length + " lines");
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new NoteVerificationException("checkpoint tree size is not a decimal number");
    }
    long size;
    byte[] root;
    try {
      size = Long.parseLong(lines[1]);
      root = Base64.getDecoder().decode(lines[2]);
      return new Checkpoint(lines[0], size, root, List.of(lines).subList(3, lines.length));
    } catch (IllegalArgumentException e) {
      throw new NoteVerificationException("checkpoint is malformed: " + e.getMessage());
    }
  }

  /** The note text. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(origin).append('\n').append(size).append('\n');
    out.append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(e -> out.append(e).append('\n'));
    return out.toString();
  }
}
