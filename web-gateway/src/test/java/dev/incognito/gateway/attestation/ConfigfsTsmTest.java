package dev.incognito.gateway.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configfs-tsm source where the interface is absent (any machine that is not a SNP guest). */
class ConfigfsTsmTest {

  @TempDir Path tmp;

  @Test
  void evidence_interfaceAbsent_failsNamingTheMissingDirectory() {
    Path absent = tmp.resolve("tsm").resolve("report");
    ConfigfsTsm tsm = new ConfigfsTsm(absent);
    SoftwareManifest m =
        new SoftwareManifest(Optional.empty(), "00".repeat(32), "00".repeat(32), "17", "test");
    EvidenceException e =
        assertThrows(EvidenceException.class, () -> tsm.evidence(new byte[64], m));
    assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("configfs-tsm"), e.getMessage());
  }

  @Test
  void evidence_directoryIsNotConfigfs_failsAndRemovesItsRequest() throws Exception {
    // a plain folder: mkdir works but no provider, inblob or outblob attributes appear
    ConfigfsTsm tsm = new ConfigfsTsm(tmp);
    SoftwareManifest m =
        new SoftwareManifest(Optional.empty(), "00".repeat(32), "00".repeat(32), "17", "test");
    EvidenceException e =
        assertThrows(EvidenceException.class, () -> tsm.evidence(new byte[64], m));
    assertTrue(e.getMessage().contains("configfs-tsm report request"), e.getMessage());
    try (var left = java.nio.file.Files.list(tmp)) {
      assertEquals(0, left.count(), "the request folder is removed");
    }
  }

  @Test
  void checkPresent_interfaceAbsent_saysSevSnpWasConfigured() {
    EvidenceException e =
        assertThrows(
            EvidenceException.class, () -> new ConfigfsTsm(tmp.resolve("none")).checkPresent());
    assertTrue(e.getMessage().contains("incognito.gateway.tee=sev-snp"), e.getMessage());
  }
}
