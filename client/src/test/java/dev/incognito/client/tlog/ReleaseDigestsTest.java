package dev.incognito.client.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.incognito.protocol.tlog.ReleaseEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseDigestsTest {

  @TempDir Path repo;
  @TempDir Path m2;

  @Test
  void of_digestsEachArtefactAndTheConfigurationTree() throws Exception {
    Files.createDirectories(repo.resolve("ear/target"));
    Files.writeString(repo.resolve("ear/target/incognito.ear"), "ear bytes");
    Files.createDirectories(repo.resolve("config"));
    Files.writeString(repo.resolve("config/domain.asadmin"), "set a=b\n");
    Path policy = repo.resolve("ejb-coordinator/src/main/resources/dev/x/default-policy.json");
    Files.createDirectories(policy.getParent());
    Files.writeString(policy, "{}");

    List<ReleaseEntry> entries = ReleaseDigests.of(repo, m2);
    List<String> kinds = entries.stream().map(ReleaseEntry::kind).toList();
    assertEquals(List.of("ear", "jdk", "configuration", "safety-policy"), kinds);
    assertArrayEquals(
        MessageDigest.getInstance("SHA-256").digest("ear bytes".getBytes()),
        entries.get(0).sha256());

    byte[] before = entries.get(2).sha256();
    Files.writeString(repo.resolve("config/domain.asadmin"), "set a=c\n");
    byte[] after = ReleaseDigests.of(repo, m2).get(2).sha256();
    assertNotEquals(HexFormat.of().formatHex(before), HexFormat.of().formatHex(after));
  }
}
