package dev.incognito.protocol.tlog;

import java.nio.charset.StandardCharsets;

/** C2SP tlog-cosignature/v1: a witness's Ed25519 signature over a timestamped checkpoint. */
public final class Cosignatures {

  private Cosignatures() {}

  /** The signed message: {@code "cosignature/v1\ntime <t>\n"} followed by the checkpoint text. */
  public static byte[] signedMessage(String checkpointText, long time) {
    return ("cosignature/v1\ntime " + Long.toUnsignedString(time) + "\n" + checkpointText)
        .getBytes(StandardCharsets.UTF_8);
  }
}
