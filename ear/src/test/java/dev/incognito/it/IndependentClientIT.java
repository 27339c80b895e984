package dev.incognito.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.protocol.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The independent OHTTP client ({@code client/independent/ohttp-chat.mjs}, written from the RFCs
 * and ARCHITECTURE.md alone) chats with the deployed EAR through the relay: key configurations, the
 * encapsulated 401 challenge, a blind-RSA token from the issuer, the answer.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IndependentClientIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return IncognitoEar.archive();
  }

  private static boolean nodeOnPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "node"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void independentClient_chatsThroughTheRelay() throws Exception {
    assumeTrue(nodeOnPath(), "node is not on the PATH");
    Path script = Path.of("..", "client", "independent", "ohttp-chat.mjs").toAbsolutePath();
    assertTrue(Files.isRegularFile(script), script.toString());
    String password;
    try (SecretBytes pw = IncognitoEar.demoPassword()) {
      password = new String(pw.revealForUse(), StandardCharsets.US_ASCII);
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            List.of(
                "node",
                script.toString(),
                "--relay",
                IncognitoEar.uri("relay/").toString(),
                "--gateway",
                IncognitoEar.uri("gateway/").toString(),
                "--issuer",
                IncognitoEar.uri("acs/").toString(),
                "--user",
                "demo",
                "--max-tokens",
                "4",
                "Say hello."));
    pb.environment().put("INCOGNITO_DEMO_PASSWORD", password);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the client finished");
    String stderr = new String(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), stderr);
    assertTrue(stderr.contains("token issued by"), stderr);
    assertTrue(stderr.contains("inner status 200"), stderr);
    assertTrue(stderr.contains("answer from model"), stderr);
    assertTrue(out.length > 0, "the answer line on stdout");
  }
}
