package dev.incognito.gateway.attestation;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's evidence source, chosen by {@code incognito.gateway.tee} ({@link TeeMode}); a
 * simulated platform lives in {@code incognito.gateway.tee-dir} (default {@code
 * ${com.sun.aas.instanceRoot}/config/incognito/tee}); reports are refreshed at least every {@code
 * incognito.gateway.attestation-refresh-minutes} (default 60).
 */
@ApplicationScoped
public class Attestation {

  private static final Logger LOG = Logger.getLogger(Attestation.class.getName());

  @Inject
  @ConfigProperty(name = "incognito.gateway.tee", defaultValue = "simulated")
  String tee;

  @Inject
  @ConfigProperty(name = "incognito.gateway.tee-dir")
  Optional<String> teeDir;

  @Inject
  @ConfigProperty(name = "incognito.gateway.attestation-refresh-minutes", defaultValue = "60")
  long refreshMinutes;

  private TeeMode mode;
  private BundleAttester attester;
  private String unavailable;

  @PostConstruct
  void init() {
    mode = TeeMode.parse(tee);
    Duration refresh = Duration.ofMinutes(Math.max(1, refreshMinutes));
    switch (mode) {
      case NONE -> LOG.warning("incognito.gateway.tee=none: the bundle carries NO evidence");
      case SIMULATED -> {
        Path dir = directory();
        try {
          SimulatedEvidence s = SimulatedEvidence.open(dir, new SecureRandom());
          attester = new BundleAttester(s, Clock.systemUTC(), refresh);
          LOG.warning(
              () ->
                  "*** ATTESTATION EVIDENCE IS SIMULATED *** "
                      + s.describe()
                      + "; platform in "
                      + dir
                      + ". Devices refuse it unless told to trust that root.");
        } catch (EvidenceException e) {
          unavailable = e.getMessage();
          LOG.severe(() -> "attestation unavailable: " + unavailable);
        }
      }
      case SEV_SNP -> {
        ConfigfsTsm tsm = ConfigfsTsm.atDefaultRoot();
        attester = new BundleAttester(tsm, Clock.systemUTC(), refresh);
        try {
          tsm.checkPresent();
          LOG.info(() -> "attestation: " + tsm.describe());
        } catch (EvidenceException e) {
          LOG.severe(() -> "attestation unavailable: " + e.getMessage());
        }
      }
    }
  }

  /**
   * Sets the source up when the application starts, so the start-up log says at once where the
   * evidence comes from (and a simulated platform is generated before the first device asks).
   */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    LOG.fine(() -> "attestation source: incognito.gateway.tee=" + mode.configValue());
  }

  private Path directory() {
    return teeDir
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .orElse(
            Path.of(
                System.getProperty("com.sun.aas.instanceRoot", "."), "config", "incognito", "tee"));
  }

  public TeeMode mode() {
    return mode;
  }

  /**
   * The attester, empty when the mode is {@link TeeMode#NONE}.
   *
   * @throws EvidenceException when the configured source could not be set up
   */
  public Optional<BundleAttester> attester() throws EvidenceException {
    if (unavailable != null) {
      throw new EvidenceException(unavailable);
    }
    return Optional.ofNullable(attester);
  }

  /**
   * Whether evidence can be produced now: the configured source was set up and, for {@code
   * sev-snp}, the configfs-tsm interface is present. Produces no report.
   *
   * @throws EvidenceException naming what is missing
   */
  public void checkReady() throws EvidenceException {
    if (unavailable != null) {
      throw new EvidenceException(unavailable);
    }
    if (attester != null && attester.source() instanceof ConfigfsTsm tsm) {
      tsm.checkPresent();
    }
  }

  /** The running server's instance root, where the deployed EAR's digest is recorded. */
  public static Path instanceRoot() {
    return Path.of(System.getProperty("com.sun.aas.instanceRoot", "."));
  }
}
