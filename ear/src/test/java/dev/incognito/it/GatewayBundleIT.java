package dev.incognito.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.attestation.BundleVerification;
import dev.incognito.client.attestation.BundleVerificationException;
import dev.incognito.client.attestation.BundleVerifier;
import dev.incognito.client.attestation.Check;
import dev.incognito.client.attestation.RootTrust;
import dev.incognito.protocol.attestation.Origin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployed gateway's bundle carries simulated SEV-SNP evidence (the default {@code
 * incognito.gateway.tee=simulated}) that the device's verifier accepts when, and only when, the
 * simulated root from the domain's TEE folder is passed explicitly.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GatewayBundleIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return IncognitoEar.archive();
  }

  private static byte[] get(String path) throws Exception {
    HttpResponse<byte[]> r =
        IncognitoEar.http()
            .send(
                HttpRequest.newBuilder(IncognitoEar.uri(path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), path);
    return r.body();
  }

  /** The simulated platform the gateway created in the test domain. */
  private static Path simulatedPlatformFile() {
    return Path.of(
        System.getProperty("incognito.it.payara"),
        "glassfish",
        "domains",
        System.getProperty("incognito.it.domain"),
        "config",
        "incognito",
        "tee",
        "simulated-snp.pem");
  }

  @Test
  void bundle_verifiesWithTheDomainsSimulatedRootPassedExplicitly() throws Exception {
    byte[] bundle = get("gateway/bundle");
    byte[] keys = get("gateway/ohttp-keys");
    Path platform = simulatedPlatformFile();
    assertTrue(Files.isRegularFile(platform), "the gateway stores its platform at " + platform);
    BundleVerifier verifier =
        new BundleVerifier(
            RootTrust.simulatedRoot(RootTrust.readRoot(platform), platform.toString()),
            Set.of(),
            Clock.systemUTC());
    BundleVerification v = verifier.verify(bundle, Optional.of(keys));
    assertEquals(Origin.SIMULATED, v.origin());
    assertTrue(v.checks().stream().allMatch(Check::passed), v.checks()::toString);
  }

  @Test
  void bundle_isRefusedWithoutTheRoot() throws Exception {
    byte[] bundle = get("gateway/bundle");
    BundleVerificationException e =
        assertThrows(
            BundleVerificationException.class,
            () -> BundleVerifier.vendor().verify(bundle, Optional.empty()));
    assertEquals("trusted root", e.failedCheck());
  }
}
