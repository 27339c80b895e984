package dev.incognito.client.tlog;

import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.HashReader;
import dev.incognito.protocol.tlog.LogVerificationException;
import dev.incognito.protocol.tlog.NoteKeys;
import dev.incognito.protocol.tlog.NoteVerifiers;
import dev.incognito.protocol.tlog.SignedNote;
import dev.incognito.protocol.tlog.TileHashReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Reads one log over HTTP in the C2SP tlog-tiles layout and verifies what it reads. */
public final class LogClient {

  /** Largest body read from the log (a full tile is 8 KiB; a bundle at most 256 × 64 KiB). */
  public static final int MAX_BODY_BYTES = 17 << 20;

  private final URI base;
  private final HttpClient http;

  /** A client for the log at {@code base} (for example {@code http://localhost:8080/tlog/}). */
  public LogClient(URI base) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public URI base() {
    return base;
  }

  /** Fetches a path relative to the log's prefix. */
  public byte[] fetch(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (response.statusCode() != 200) {
          throw new IOException(
              "the log answered " + response.statusCode() + " for " + base.resolve(path));
        }
        if (body.length > MAX_BODY_BYTES) {
          throw new IOException(
              "the log's " + path + " is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the log");
    }
  }

  /** Posts a body and returns the response; {@code authorization} may be null. */
  HttpResponse<String> post(String path, String contentType, byte[] body, String authorization)
      throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while posting to the log");
    }
  }

  /** The signed checkpoint as the log serves it, with any cosignatures. */
  public SignedNote signedCheckpoint() throws IOException, LogVerificationException {
    return SignedNote.parse(fetch("checkpoint"));
  }

  /**
   * Fetches the checkpoint and verifies the log's signature and a quorum of witness cosignatures.
   */
  public Checkpoint verifiedCheckpoint(
      NoteKeys.Verifier logKey, List<NoteKeys.Verifier> witnesses, int quorum)
      throws IOException, LogVerificationException {
    return NoteVerifiers.verifyCheckpoint(signedCheckpoint(), logKey, witnesses, quorum);
  }

  /** Complete-subtree hashes of the tree at {@code size}, read from the log's tiles. */
  public HashReader tiles(long size) {
    return new TileHashReader(size, this::fetch);
  }
}
