package dev.incognito.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.bhttp.BinaryHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conversation leaves no trace: a unique marker planted in a conversation (whole and streamed,
 * allowed and refused) appears in no file under the server's domain directory afterwards — logs,
 * configuration, keys, generated files.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PrivacyIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return IncognitoEar.archive();
  }

  /** The domain directory; {@code incognito.it.domain-dir} points at another server's. */
  static Path domainDir() {
    String explicit = System.getProperty("incognito.it.domain-dir");
    if (explicit != null) {
      return Path.of(explicit);
    }
    return Path.of(
        System.getProperty("incognito.it.payara"),
        "glassfish",
        "domains",
        System.getProperty("incognito.it.domain"));
  }

  @Test
  void marker_plantedInAConversationIsInNoFileOfTheDomain() throws Exception {
    String marker = "INCOGNITO-MARKER-" + UUID.randomUUID();
    PrivateChat device = PrivateChatIT.device();
    String model = PrivateChatIT.model(device);
    String[] bodies = {
      "{\"model\":\""
          + model
          + "\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\""
          + marker
          + "\"}]}",
      "{\"model\":\""
          + model
          + "\",\"stream\":true,\"max_tokens\":4,\"messages\":"
          + "[{\"role\":\"system\",\"content\":\""
          + marker
          + "\"},"
          + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\""
          + marker
          + "\"}]}]}",
      "{\"model\":\""
          + model
          + "\",\"temperature\":9,\"messages\":[{\"role\":\"user\",\"content\":\""
          + marker
          + "\"}]}",
      "{\"model\":\""
          + marker
          + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
          + marker
          + "\"}]}",
    };
    int ok = 0;
    for (String body : bodies) {
      PrivateChat.Answer a =
          device.send(BinaryHttp.encode(PrivateChat.chatRequest(body, device.token())));
      assertEquals(200, a.outerStatus());
      ok += a.inner().status() == 200 ? 1 : 0;
    }
    assertEquals(2, ok, "the two valid conversations were answered");
    // let asynchronous log handlers write what they hold
    Thread.sleep(2000);
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    Path dir = domainDir();
    assertTrue(Files.isDirectory(dir), "domain directory " + dir);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (contains(p, needle)) {
          found.add(p);
        }
      }
    }
    assertEquals(List.of(), found, "files holding the conversation marker");

    // The metrics count what happened, and say nothing of what was said.
    HttpResponse<String> metrics =
        IncognitoEar.http()
            .send(
                HttpRequest.newBuilder(IncognitoEar.uri("metrics?scope=application")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.body().contains("incognito_requests_total"), "request counter is published");
    assertFalse(metrics.body().contains(marker), "the marker is in no metric");
  }

  private static boolean contains(Path file, byte[] needle) {
    try {
      byte[] b = Files.readAllBytes(file);
      outer:
      for (int i = 0; i + needle.length <= b.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (b[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    } catch (IOException e) {
      // files the server holds open exclusively or removes while we walk
      return false;
    }
  }
}
