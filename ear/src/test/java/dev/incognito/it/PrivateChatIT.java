package dev.incognito.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.protocol.bhttp.BinaryHttp;
import dev.incognito.protocol.bhttp.BinaryRequest;
import dev.incognito.protocol.bhttp.Padding;
import dev.incognito.protocol.ohttp.ClientContext;
import dev.incognito.protocol.ohttp.MediaTypes;
import dev.incognito.protocol.ohttp.OhttpClient;
import dev.incognito.protocol.receipt.Receipt;
import dev.incognito.protocol.receipt.ReceiptVerifier;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Private requests end to end, as a device makes them: through the relay, encapsulated for the
 * gateway's key, with a Privacy Pass token from the issuer, answered by the demo model with a
 * receipt the bundle's key verifies.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PrivateChatIT {

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return IncognitoEar.archive();
  }

  /**
   * The device, against the test server; {@code incognito.it.base-url} and {@code
   * incognito.it.login} point the same checks at another running server.
   */
  static PrivateChat device() {
    String base = System.getProperty("incognito.it.base-url");
    return new PrivateChat(
        IncognitoEar.http(),
        base == null ? IncognitoEar.base() : java.net.URI.create(base),
        System.getProperty("incognito.it.login", null) == null
            ? IncognitoEar.demoAuthorization()
            : System.getProperty("incognito.it.login"));
  }

  static JsonObject json(String text) {
    try (var r = Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }

  static String model(PrivateChat device) throws Exception {
    PrivateChat.Answer a = device.send(BinaryHttp.encode(BinaryRequest.get("/v1/models")));
    assertEquals(200, a.inner().status(), "GET /v1/models needs no token");
    return json(a.text()).getJsonArray("data").getJsonObject(0).getString("id");
  }

  @Test
  void roundTrip_answersThroughTheRelayWithAVerifiableReceipt() throws Exception {
    PrivateChat device = device();
    String model = model(device);
    byte[] nonce = {1, 2, 3, 4, 5, 6, 7, 8};
    String body =
        "{\"model\":\""
            + model
            + "\",\"max_tokens\":8,\"temperature\":0,\"incognito\":{\"nonce\":\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)
            + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]}";
    PrivateChat.Answer a =
        device.send(BinaryHttp.encode(PrivateChat.chatRequest(body, device.token())));
    assertEquals(200, a.outerStatus());
    assertTrue(a.outerType().startsWith(MediaTypes.OHTTP_RESPONSE), a.outerType());
    assertEquals(200, a.inner().status(), a.text());
    JsonObject answer = json(a.text());
    assertEquals(model, answer.getString("model"));
    JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
    String content = choice.getJsonObject("message").getString("content");
    assertNotNull(choice.getString("finish_reason"));
    assertTrue(answer.getJsonObject("usage").getInt("completion_tokens") >= 1);
    JsonObject incognito = answer.getJsonObject("incognito");
    assertTrue(incognito.getBoolean("demo"));

    JsonObject bundle =
        json(new String(device.get("gateway/bundle").body(), StandardCharsets.UTF_8));
    // the default domain runs the simulated TEE (GatewayBundleIT verifies that evidence)
    assertEquals("SIMULATED", bundle.getJsonObject("evidence").getString("origin"));
    JsonObject claims = bundle.getJsonObject("claims");
    Receipt receipt = Receipt.fromJson(incognito.getJsonObject("receipt"));
    new ReceiptVerifier(Base64.getUrlDecoder().decode(claims.getString("receipt_key")))
        .verify(
            receipt,
            body.getBytes(StandardCharsets.UTF_8),
            content.getBytes(StandardCharsets.UTF_8),
            HexFormat.of().parseHex(claims.getString("model_sha256")),
            HexFormat.of().parseHex(claims.getString("policy_sha256")),
            nonce);
  }

  @Test
  void stream_answersInChunksEndingWithDoneAndAReceipt() throws Exception {
    PrivateChat device = device();
    String body =
        "{\"model\":\""
            + model(device)
            + "\",\"stream\":true,\"max_tokens\":8,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";
    PrivateChat.Answer a =
        device.send(BinaryHttp.encode(PrivateChat.chatRequest(body, device.token())));
    assertTrue(a.outerType().startsWith(MediaTypes.OHTTP_CHUNKED_RESPONSE), a.outerType());
    assertEquals(200, a.inner().status());
    assertEquals("text/event-stream", a.inner().header("content-type").orElse(""));
    List<String> events =
        List.of(a.text().split("\n\n")).stream().filter(e -> !e.isBlank()).toList();
    assertEquals("data: [DONE]", events.get(events.size() - 1));
    JsonObject last = json(events.get(events.size() - 2).substring("data: ".length()));
    assertNotNull(last.getJsonObject("incognito").getJsonObject("receipt"));
    assertNotNull(last.getJsonArray("choices").getJsonObject(0).getString("finish_reason", null));
  }

  @Test
  void token_missingGetsTheChallengeAndASpentTokenIsRefused() throws Exception {
    PrivateChat device = device();
    String body =
        "{\"model\":\""
            + model(device)
            + "\",\"max_tokens\":1,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"hi\"}]}";
    PrivateChat.Answer none = device.send(BinaryHttp.encode(PrivateChat.chatRequest(body, null)));
    assertEquals(200, none.outerStatus(), "errors after decryption travel encrypted");
    assertEquals(401, none.inner().status());
    assertTrue(
        none.inner().header("www-authenticate").orElse("").startsWith("PrivateToken challenge="));

    String token = device.token();
    assertEquals(
        200, device.send(BinaryHttp.encode(PrivateChat.chatRequest(body, token))).inner().status());
    PrivateChat.Answer again = device.send(BinaryHttp.encode(PrivateChat.chatRequest(body, token)));
    assertEquals(401, again.inner().status(), "a token is spent once");
  }

  @Test
  void replay_ofAnIdenticalEncapsulatedRequestIsRefused() throws Exception {
    PrivateChat device = device();
    byte[] bhttp = Padding.padToBucket(BinaryHttp.encode(BinaryRequest.get("/v1/models")));
    ClientContext ctx = OhttpClient.encapsulate(device.config(), bhttp);
    byte[] encapsulated = ctx.encapsulatedRequest();
    assertEquals(200, device.exchange(ctx, encapsulated).inner().status());
    PrivateChat.Answer replay = device.exchange(ctx, encapsulated);
    assertEquals(200, replay.outerStatus());
    assertEquals(400, replay.inner().status());
    assertTrue(replay.text().contains("replayed_request"));
  }

  @Test
  void validation_rejectsInsteadOfClamping() throws Exception {
    PrivateChat device = device();
    String model = model(device);
    String[][] cases = {
      {
        "{\"model\":\""
            + model
            + "\",\"max_tokens\":100000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        "400"
      },
      {
        "{\"model\":\""
            + model
            + "\",\"temperature\":3,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        "400"
      },
      {"{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "404"},
      {"{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "400"},
      {
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":{\"a\":1}}]}",
        "400"
      },
    };
    for (String[] c : cases) {
      PrivateChat.Answer a =
          device.send(BinaryHttp.encode(PrivateChat.chatRequest(c[0], device.token())));
      assertEquals(Integer.parseInt(c[1]), a.inner().status(), c[0]);
      JsonObject error = json(a.text()).getJsonObject("error");
      assertFalse(error.getString("message").isEmpty());
      assertNotNull(error.getString("type"));
      assertNotNull(error.getString("code"));
    }
  }
}
