package dev.incognito.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.server.IncognitoHome;
import dev.incognito.client.server.LocalPassword;
import dev.incognito.client.tlog.CheckpointMemory;
import dev.incognito.client.tlog.LogClient;
import dev.incognito.client.tlog.Publisher;
import dev.incognito.client.tlog.Witness;
import dev.incognito.protocol.secret.SecretBytes;
import dev.incognito.protocol.tlog.Checkpoint;
import dev.incognito.protocol.tlog.MerkleHashes;
import dev.incognito.protocol.tlog.NoteKeys;
import dev.incognito.protocol.tlog.Proofs;
import dev.incognito.protocol.tlog.ReleaseEntry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployed log: only the publisher may append; what it appends is provable from the served
 * tiles under the signed checkpoint; a witness cosigns and the checkpoint then carries it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TransparencyLogIT {

  @TempDir Path state;

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return IncognitoEar.archive();
  }

  private static LogClient log() {
    return new LogClient(IncognitoEar.uri("tlog/"));
  }

  @Test
  void add_withoutThePublisherLogin_isRefused() throws Exception {
    HttpResponse<String> r =
        IncognitoEar.http()
            .send(
                HttpRequest.newBuilder(IncognitoEar.uri("tlog/add"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("not a publisher"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(401, r.statusCode());
  }

  @Test
  void publishedEntries_areProvableFromTilesAndWitnessed() throws Exception {
    NoteKeys.Verifier logKey =
        NoteKeys.parseVerifier(
            new String(log().fetch("log-key"), StandardCharsets.US_ASCII).strip());
    Publisher publisher;
    try (SecretBytes pw =
        LocalPassword.PUBLISHER
            .find(IncognitoHome.resolve())
            .orElseThrow(() -> new IllegalStateException("no publisher password"))) {
      publisher =
          new Publisher(
              log(),
              LocalPassword.PUBLISHER.user(),
              new String(pw.revealForUse(), StandardCharsets.US_ASCII).toCharArray());
    }
    List<ReleaseEntry> entries = new ArrayList<>();
    List<Long> indices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] digest = MerkleHashes.leafHash(("model " + i).getBytes(StandardCharsets.UTF_8));
      ReleaseEntry e = new ReleaseEntry("model-weights", "model-" + i + ".gguf", digest);
      entries.add(e);
      indices.add(publisher.append(e));
    }

    Checkpoint c = log().verifiedCheckpoint(logKey, List.of(), 0);
    assertTrue(c.size() >= 3, "size " + c.size());
    for (int i = 0; i < entries.size(); i++) {
      long index = indices.get(i);
      Proofs.verifyInclusion(
          index,
          c.size(),
          MerkleHashes.leafHash(entries.get(i).encode()),
          Proofs.inclusion(index, c.size(), log().tiles(c.size())),
          c.rootHash());
    }

    // A witness whose key is not configured is refused; the log keeps serving its own signature.
    NoteKeys.Signer witnessKey = NoteKeys.Signer.generate("witness.example/it");
    Witness witness =
        new Witness(log(), logKey, witnessKey, new CheckpointMemory(state.resolve("w")));
    java.io.IOException refused =
        assertThrows(
            java.io.IOException.class, () -> witness.cosignOnce(System.currentTimeMillis() / 1000));
    assertTrue(refused.getMessage().contains("refused the cosignature"), refused.getMessage());
    assertArrayEquals(c.rootHash(), log().verifiedCheckpoint(logKey, List.of(), 0).rootHash());
  }
}
