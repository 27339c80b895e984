package dev.incognito.client.independent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.incognito.client.chat.PrivatePathPeer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the independent Node client's self-test: RFC 9458 Appendix A, the RFC 9292 examples and the
 * RFC 9578 type 2 token vectors, computed by code that shares nothing with the Java protocol
 * classes. Skipped where {@code node} is not on the PATH or the vectors are absent.
 */
class IndependentClientSelfTest {

  private static final Path SCRIPT = Path.of("independent", "ohttp-chat.mjs");

  @Test
  void selfTest_passesEveryKnownAnswer() throws Exception {
    Path vectors = Path.of(System.getProperty("incognito.shared.dir", "../../shared"), "vectors");
    assumeTrue(Files.isDirectory(vectors.resolve("ohttp")), "shared vectors absent");
    assumeTrue(nodeOnPath(), "node is not on the PATH");
    Process p =
        new ProcessBuilder(
                "node", SCRIPT.toString(), "--self-test", vectors.resolve("ohttp").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "self-test did not finish");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("checks passed"), out);
    assertTrue(out.contains("ok   encapsulated request"), out);
    assertTrue(out.contains("ok   RFC 9578 type 2 vector 0: token"), out);
  }

  /**
   * Interoperability: the Node client, which shares no code with the Java protocol classes, talks
   * to a relay, gateway and issuer built from them — key configurations, the encapsulated 401,
   * blind RSA issuance, OHTTP and Binary HTTP both ways.
   */
  @Test
  void nodeClient_chatsThroughTheJavaGatewayAndIssuer() throws Exception {
    assumeTrue(nodeOnPath(), "node is not on the PATH");
    try (PrivatePathPeer peer = new PrivatePathPeer()) {
      Process p =
          new ProcessBuilder(
                  "node",
                  SCRIPT.toString(),
                  "--relay",
                  peer.endpoints().relay().toString(),
                  "--gateway",
                  peer.endpoints().gateway().toString(),
                  "--issuer",
                  peer.endpoints().issuer().toString(),
                  "--password",
                  PrivatePathPeer.PASSWORD,
                  "hello from node")
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node client did not finish");
      assertEquals(0, p.exitValue(), err);
      assertEquals("Echo: hello from node", out.strip(), err);
      assertTrue(err.contains("token issued by"), err);
    }
  }

  private static boolean nodeOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "node"))) {
        return true;
      }
    }
    return false;
  }
}
