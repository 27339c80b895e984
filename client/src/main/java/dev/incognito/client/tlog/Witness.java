package dev.incognito.client.tlog;

import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteKeys;
import dev.incognito.protocol.tlog.SignedNote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A witness: fetches the log's checkpoint, checks the log's signature and that the checkpoint
 * extends the one it cosigned last, then cosigns it (C2SP tlog-cosignature/v1) and posts the
 * cosignature to the log.
 */
public final class Witness {

  private final LogClient log;
  private final NoteKeys.Verifier logKey;
  private final NoteKeys.Signer key;
  private final CheckpointMemory memory;

  public Witness(
      LogClient log, NoteKeys.Verifier logKey, NoteKeys.Signer key, CheckpointMemory memory) {
    this.log = log;
    this.logKey = logKey;
    this.key = key;
    this.memory = memory;
  }

  /** Cosigns the current checkpoint once and returns it. */
  public Checkpoint cosignOnce(long nowSeconds) throws IOException, LogVerificationException {
    Checkpoint checkpoint = log.verifiedCheckpoint(logKey, List.of(), 0);
    memory.advance(checkpoint, log::tiles); // refuses to cosign a fork
    String text = checkpoint.text();
    SignedNote.Signature cosignature = key.cosign(text, nowSeconds);
    byte[] encoded = new SignedNote(text, List.of(cosignature)).encode();
    byte[] line =
        java.util.Arrays.copyOfRange(
            encoded, text.getBytes(StandardCharsets.UTF_8).length + 1, encoded.length);
    int status = log.post("cosignature", "text/plain; charset=utf-8", line, null).statusCode();
    if (status != 204 && status != 200) {
      throw new IOException(
          "the log refused the cosignature with status "
              + status
              + " (is "
              + key.cosignatureVerifierKey()
              + " in incognito.tlog.witnesses?)");
    }
    return checkpoint;
  }
}
