package dev.incognito.client.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainSetupTest {

  @TempDir Path dir;

  private DomainSetup setup(Path config) {
    return new DomainSetup(
        new Asadmin(dir.resolve("payara6")),
        "d",
        config,
        new IncognitoHome(dir.resolve("home")),
        line -> {});
  }

  @Test
  void commandFiles_areTheAsadminFilesInNameOrder() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("20-b.asadmin"), "");
    Files.writeString(config.resolve("10-a.asadmin"), "");
    Files.writeString(config.resolve("README.md"), "");

    assertEquals(
        List.of("10-a.asadmin", "20-b.asadmin"),
        setup(config).commandFiles().stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void commandFiles_failWithoutAny() throws Exception {
    Path config = Files.createDirectories(dir.resolve("empty"));
    assertThrows(ServerControlException.class, () -> setup(config).commandFiles());
    assertThrows(ServerControlException.class, () -> setup(dir.resolve("absent")).commandFiles());
  }

  @Test
  void configDigest_changesWithContentAndName() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Path file = config.resolve("10-a.asadmin");
    Files.writeString(file, "set a=b\n");
    String first = setup(config).configDigest();

    Files.writeString(file, "set a=c\n");
    String edited = setup(config).configDigest();
    Files.move(file, config.resolve("11-a.asadmin"));
    String renamed = setup(config).configDigest();

    assertNotEquals(first, edited);
    assertNotEquals(edited, renamed);
  }

  @Test
  void isCurrent_onlyWhenTheMarkerHoldsTheDigest() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("10-a.asadmin"), "set a=b\n");
    DomainSetup setup = setup(config);
    Path marker = Files.createDirectories(setup.domainDir().resolve("config"));

    assertFalse(setup.isCurrent());
    Files.writeString(marker.resolve(DomainSetup.MARKER), "0".repeat(64));
    assertFalse(setup.isCurrent());
    Files.writeString(marker.resolve(DomainSetup.MARKER), setup.configDigest() + "\n");
    assertTrue(setup.isCurrent());
  }

  @Test
  void repositoryConfig_hasDocumentedCommandFiles() throws Exception {
    Path config = Path.of(System.getProperty("user.dir")).resolve("../config").normalize();
    List<Path> files = setup(config).commandFiles();
    assertFalse(files.isEmpty());
    for (Path f : files) {
      assertTrue(Files.readString(f).startsWith("# "), f + " starts with a header comment");
    }
  }
}
