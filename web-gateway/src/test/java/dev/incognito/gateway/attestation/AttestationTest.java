package dev.incognito.gateway.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configured source and its readiness, outside a container. */
class AttestationTest {

  @TempDir Path tmp;

  private static Attestation attestation(String tee, Path dir) {
    Attestation a = new Attestation();
    a.tee = tee;
    a.teeDir = Optional.of(dir.toString());
    a.refreshMinutes = 60;
    a.init();
    return a;
  }

  @Test
  void none_isReadyWithoutAnAttester() throws Exception {
    Attestation a = attestation("none", tmp);
    assertEquals(TeeMode.NONE, a.mode());
    assertTrue(a.attester().isEmpty());
    a.checkReady();
  }

  @Test
  void sevSnpWithoutConfigfsTsm_isNotReadyNamingTheInterface() {
    Attestation a = attestation("sev-snp", tmp);
    if (Files.isDirectory(Path.of(ConfigfsTsm.DEFAULT_ROOT))) {
      return; // a SEV-SNP guest: the interface is there
    }
    EvidenceException e = assertThrows(EvidenceException.class, a::checkReady);
    assertTrue(e.getMessage().contains(ConfigfsTsm.DEFAULT_ROOT), e.getMessage());
  }

  @Test
  void unknownMode_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> attestation("sgx", tmp));
  }
}
