package dev.incognito.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The EAR deploys into the configured domain, its readiness check reports the predictor, and the
 * issuer (web-acs) answers: its directory is public, token requests need the demo user's login in
 * the realm {@code incognito-users}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IssuerDirectoryIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return IncognitoEar.archive();
  }

  @Test
  void readiness_reportsThePredictorUpWithItsBackend() throws Exception {
    HttpResponse<String> r =
        IncognitoEar.http()
            .send(
                HttpRequest.newBuilder(IncognitoEar.uri("health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("incognito-predictor"), r.body());
    assertTrue(r.body().contains("\"backend\""), r.body());
  }

  @Test
  void directory_isPublicJsonWithTokenKeys() throws Exception {
    HttpResponse<String> r =
        IncognitoEar.http()
            .send(
                HttpRequest.newBuilder(
                        IncognitoEar.uri("acs/.well-known/private-token-issuer-directory"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(200, r.statusCode(), r.body());
    assertTrue(
        r.headers().firstValue("Content-Type").orElse("").startsWith("application/"),
        "content type " + r.headers().firstValue("Content-Type"));
    try (jakarta.json.JsonReader reader =
        jakarta.json.Json.createReader(new StringReader(r.body()))) {
      jakarta.json.JsonObject directory = reader.readObject();
      assertFalse(directory.getJsonArray("token-keys").isEmpty(), r.body());
      assertTrue(directory.containsKey("issuer-request-uri"), r.body());
    }
  }

  @Test
  void tokenRequest_withoutLogin_isChallengedForTheUsersRealm() throws Exception {
    HttpResponse<String> r =
        IncognitoEar.http()
            .send(
                HttpRequest.newBuilder(IncognitoEar.uri("acs/token-request"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                    .header("Content-Type", "application/private-token-request")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(401, r.statusCode());
    assertTrue(
        r.headers().firstValue("WWW-Authenticate").orElse("").contains("incognito-users"),
        "challenge " + r.headers().firstValue("WWW-Authenticate"));
  }

  @Test
  void tokenRequest_withDemoLogin_passesAuthentication() throws Exception {
    HttpResponse<String> r =
        IncognitoEar.http()
            .send(
                HttpRequest.newBuilder(IncognitoEar.uri("acs/token-request"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                    .header("Content-Type", "application/private-token-request")
                    .header("Authorization", IncognitoEar.demoAuthorization())
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // an empty body is a malformed token request: the issuer refuses it, after the login succeeded
    assertEquals(400, r.statusCode(), r.body());
  }

  @Test
  void tokenRequest_withWrongPassword_isRefused() throws Exception {
    String wrong =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    "demo:not-the-password".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    HttpResponse<String> r =
        IncognitoEar.http()
            .send(
                HttpRequest.newBuilder(IncognitoEar.uri("acs/token-request"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                    .header("Content-Type", "application/private-token-request")
                    .header("Authorization", wrong)
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(401, r.statusCode());
  }
}
