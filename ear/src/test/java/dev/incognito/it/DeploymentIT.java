package dev.incognito.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole EAR deploys into the domain configured from {@code config/}: MicroProfile Health says
 * ready, every web module answers at its context root, and the server names no product in its
 * responses.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return IncognitoEar.archive();
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return IncognitoEar.http()
        .send(
            HttpRequest.newBuilder(IncognitoEar.uri(path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void health_isReady() throws Exception {
    HttpResponse<byte[]> r = get("health/ready");
    assertEquals(200, r.statusCode(), new String(r.body()));
  }

  @Test
  void gateway_publishesOhttpKeyConfigurations() throws Exception {
    HttpResponse<byte[]> r = get("gateway/ohttp-keys");
    assertEquals(200, r.statusCode());
    assertEquals("application/ohttp-keys", r.headers().firstValue("Content-Type").orElse(""));
    // RFC 9458 §3.2: key configurations, each preceded by its 2-byte length, filling the body
    byte[] body = r.body();
    int configs = 0;
    int at = 0;
    while (at + 2 <= body.length) {
      int length = (body[at] & 0xff) << 8 | (body[at + 1] & 0xff);
      assertTrue(length > 0, "empty key configuration at " + at);
      at += 2 + length;
      configs++;
    }
    assertEquals(body.length, at, "length prefixes cover the body exactly");
    assertTrue(configs >= 1);
  }

  @Test
  void log_servesASignedCheckpoint() throws Exception {
    HttpResponse<byte[]> r = get("tlog/checkpoint");
    assertEquals(200, r.statusCode());
    String note = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(note.contains("\n\n— "), "signed note: " + note);
  }

  @Test
  void responses_nameNoProduct() throws Exception {
    HttpResponse<byte[]> r = get("acs/.well-known/private-token-issuer-directory");
    assertEquals(200, r.statusCode());
    assertFalse(r.headers().firstValue("Server").isPresent(), "Server header");
    assertFalse(r.headers().firstValue("X-Powered-By").isPresent(), "X-Powered-By header");
  }
}
