package dev.incognito.inference.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of weight files, lowercase hex, as {@code sha256sum} prints it. */
final class Digests {
  private static final int CHUNK = 1 << 20;

  private Digests() {}

  static String sha256(Path file) throws IOException {
    MessageDigest md = newSha256();
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static String sha256(byte[] data) {
    return HexFormat.of().formatHex(newSha256().digest(data));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
