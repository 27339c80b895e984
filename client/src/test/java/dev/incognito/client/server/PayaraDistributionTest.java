package dev.incognito.client.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayaraDistributionTest {

  @TempDir Path dir;

  private Path zip(String... names) throws Exception {
    Path zip = dir.resolve("dist.zip");
    try (OutputStream os = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(os)) {
      for (String name : names) {
        z.putNextEntry(new ZipEntry(name));
        z.write(name.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return zip;
  }

  @Test
  void unpack_movesTheTopFolderIntoPlaceWithExecutableScripts() throws Exception {
    Path home = dir.resolve("home/payara6");
    PayaraDistribution.unpack(
        zip("payara6/bin/asadmin", "payara6/glassfish/lib/nadmin", "payara6/README.txt"), home);

    assertTrue(Files.isExecutable(home.resolve("bin/asadmin")));
    assertTrue(Files.isExecutable(home.resolve("glassfish/lib/nadmin")));
    assertFalse(Files.isExecutable(home.resolve("README.txt")));
    assertFalse(Files.exists(dir.resolve("home/payara6.unpacking")));
  }

  @Test
  void unpack_rejectsEntriesOutsideTheFolder() throws Exception {
    Path zip = zip("payara6/bin/asadmin", "../../escaped");
    assertThrows(
        ServerControlException.class, () -> PayaraDistribution.unpack(zip, dir.resolve("p")));
    assertFalse(Files.exists(dir.resolve("escaped")));
  }

  @Test
  void unpack_rejectsAZipWithoutTheDistribution() throws Exception {
    Path zip = zip("something/else");
    assertThrows(
        ServerControlException.class, () -> PayaraDistribution.unpack(zip, dir.resolve("p")));
  }

  @Test
  void unpack_namesTheBuildWhenTheZipIsMissing() {
    ServerControlException e =
        assertThrows(
            ServerControlException.class,
            () -> PayaraDistribution.unpack(dir.resolve("absent.zip"), dir.resolve("p")));
    assertTrue(e.getMessage().contains("mvn"), e.getMessage());
  }
}
