package dev.incognito.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.incognito.protocol.bhttp.BinaryHttp;
import dev.incognito.protocol.bhttp.BinaryRequest;
import dev.incognito.protocol.bhttp.Padding;
import dev.incognito.protocol.ohttp.ClientContext;
import dev.incognito.protocol.ohttp.MediaTypes;
import dev.incognito.protocol.ohttp.OhttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A barrage of malformed, truncated, oversized and misdirected messages at the relay and the
 * gateway. Every one gets a 4xx — plain problem details before decryption, an encapsulated 4xx
 * after — and no body carries a stack frame, {@code Caused by:} or an exception class name. A valid
 * request still succeeds afterwards.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputIT {

  /** What no response body may contain (ARCHITECTURE.md, pinned item 7). */
  static final Pattern LEAK =
      Pattern.compile("\\tat |Caused by:|[A-Za-z]+(Exception|Error)\\b|\\.java:\\d+");

  private static final Random RANDOM = new Random(9458);

  @Deployment(testable = false)
  static EnterpriseArchive ear() {
    return IncognitoEar.archive();
  }

  private static void assertClean(String what, int status, byte[] body) {
    if (status < 400 || status > 499) {
      fail(what + ": status " + status);
    }
    String text = new String(body, StandardCharsets.ISO_8859_1);
    assertFalse(LEAK.matcher(text).find(), what + " leaks: " + text);
  }

  /** Sends bytes to the gateway directly and through the relay; both must answer the same 4xx. */
  private static int rejectOuter(PrivateChat device, String what, String type, byte[] body)
      throws Exception {
    HttpResponse<byte[]> direct = device.post("gateway/", type, body);
    assertClean(what + " (gateway)", direct.statusCode(), direct.body());
    HttpResponse<byte[]> relayed = device.post("relay/", type, body);
    assertClean(what + " (relay)", relayed.statusCode(), relayed.body());
    return direct.statusCode();
  }

  /** Encapsulates {@code bhttp} correctly; the gateway must answer with an encapsulated 4xx. */
  private static void rejectInner(PrivateChat device, String what, byte[] bhttp) throws Exception {
    ClientContext ctx = OhttpClient.encapsulate(device.config(), bhttp);
    PrivateChat.Answer a = device.exchange(ctx, ctx.encapsulatedRequest());
    assertEquals(200, a.outerStatus(), what + ": errors after decryption travel encrypted");
    assertClean(what + " (inner)", a.inner().status(), a.inner().content());
  }

  private static byte[] validEncapsulated(PrivateChat device) throws Exception {
    byte[] bhttp = Padding.padToBucket(BinaryHttp.encode(BinaryRequest.get("/v1/models")));
    return OhttpClient.encapsulate(device.config(), bhttp).encapsulatedRequest();
  }

  @Test
  void outer_malformedTruncatedFlippedAndUnknownKeysAre400() throws Exception {
    PrivateChat device = PrivateChatIT.device();
    int sent = 0;
    for (int n = 0; n < 60; n++) {
      byte[] noise = new byte[RANDOM.nextInt(200)];
      RANDOM.nextBytes(noise);
      rejectOuter(device, "random " + noise.length + " bytes", MediaTypes.OHTTP_REQUEST, noise);
      sent++;
    }
    byte[] valid = validEncapsulated(device);
    for (int len = 0; len < valid.length; len += 3) {
      assertEquals(
          400,
          rejectOuter(
              device, "truncated to " + len, MediaTypes.OHTTP_REQUEST, Arrays.copyOf(valid, len)));
      sent++;
    }
    for (int i = 0; i < valid.length; i += 5) {
      byte[] flipped = valid.clone();
      flipped[i] ^= 0x01;
      assertEquals(400, rejectOuter(device, "bit flip at " + i, MediaTypes.OHTTP_REQUEST, flipped));
      sent++;
    }
    java.util.Set<Integer> ours = device.keyIds();
    for (int id = 0; id < 256; id += 17) {
      if (ours.contains(id)) {
        continue;
      }
      byte[] other = valid.clone();
      other[0] = (byte) id;
      HttpResponse<byte[]> r = device.post("gateway/", MediaTypes.OHTTP_REQUEST, other);
      assertClean("key id " + id, r.statusCode(), r.body());
      assertTrue(
          new String(r.body(), StandardCharsets.UTF_8)
              .contains("https://iana.org/assignments/http-problem-types#ohttp-key"),
          "RFC 9458 §5.3 problem type for key id " + id);
      sent++;
    }
    for (int n = 0; n < 20; n++) {
      byte[] noise = new byte[RANDOM.nextInt(300)];
      RANDOM.nextBytes(noise);
      rejectOuter(device, "chunked noise", MediaTypes.OHTTP_CHUNKED_REQUEST, noise);
      sent++;
    }
    assertTrue(sent > 150, "the barrage sent " + sent);
    PrivateChat.Answer ok = device.send(BinaryHttp.encode(BinaryRequest.get("/v1/models")));
    assertEquals(200, ok.inner().status(), "a valid request still succeeds");
  }

  @Test
  void outer_wrongTypesMethodsAndSizesAreTheirOwn4xx() throws Exception {
    PrivateChat device = PrivateChatIT.device();
    byte[] valid = validEncapsulated(device);
    for (String type :
        new String[] {"application/json", "text/plain", "message/ohttp-res", "message/bhttp"}) {
      assertEquals(415, rejectOuter(device, type, type, valid));
    }
    for (String path : new String[] {"gateway/", "relay/"}) {
      for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
        HttpResponse<byte[]> r =
            IncognitoEar.http()
                .send(
                    HttpRequest.newBuilder(device.base().resolve(path))
                        .method(
                            method,
                            method.equals("GET") || method.equals("DELETE")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(valid))
                        .header("Content-Type", MediaTypes.OHTTP_REQUEST)
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, r.statusCode(), method + " " + path);
        assertClean(method + " " + path, r.statusCode(), r.body());
      }
    }
    byte[] huge = new byte[1024 * 1024 + 1];
    assertEquals(413, rejectOuter(device, "oversized", MediaTypes.OHTTP_REQUEST, huge));
  }

  @Test
  void inner_malformedBinaryHttpAndInvalidJsonAreEncapsulated4xx() throws Exception {
    PrivateChat device = PrivateChatIT.device();
    for (int n = 0; n < 40; n++) {
      byte[] noise = new byte[1 + RANDOM.nextInt(200)];
      RANDOM.nextBytes(noise);
      rejectInner(device, "bhttp noise", noise);
    }
    byte[] valid =
        BinaryHttp.encode(
            PrivateChat.chatRequest(
                "{\"model\":\"x\",\"messages\":[]}", "PrivateToken token=AAAA"));
    for (int len = 1; len < valid.length; len += 2) {
      rejectInner(device, "bhttp truncated to " + len, Arrays.copyOf(valid, len));
    }
    byte[] nonZeroPadding = Arrays.copyOf(BinaryHttp.encode(BinaryRequest.get("/v1/models")), 300);
    nonZeroPadding[299] = 1;
    rejectInner(device, "non-zero padding", nonZeroPadding);
    String model = "\"" + PrivateChatIT.model(device) + "\"";
    String[] bodies = {
      "",
      "{",
      "[]",
      "null",
      "{\"model\":" + model + "}",
      "{\"model\":" + model + ",\"messages\":\"hi\"}",
      "{\"model\":" + model + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} trailing",
      "{\"model\":"
          + model
          + ",\"max_tokens\":1e999999,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
      "{\"model\":"
          + model
          + ",\"temperature\":\"warm\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
      "{\"model\":"
          + model
          + ",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}",
    };
    for (String body : bodies) {
      rejectInner(
          device, "json " + body, BinaryHttp.encode(PrivateChat.chatRequest(body, device.token())));
    }
    byte[] latin1 = "{\"model\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    rejectInner(
        device,
        "not UTF-8",
        BinaryHttp.encode(
            new BinaryRequest(
                "POST",
                "https",
                "",
                "/v1/chat/completions",
                java.util.List.of(
                    new dev.incognito.protocol.bhttp.Field("content-type", "application/json"),
                    new dev.incognito.protocol.bhttp.Field("authorization", device.token())),
                latin1,
                java.util.List.of())));
    rejectInner(
        device,
        "form body",
        BinaryHttp.encode(
            new BinaryRequest(
                "POST",
                "https",
                "",
                "/v1/chat/completions",
                java.util.List.of(
                    new dev.incognito.protocol.bhttp.Field(
                        "content-type", "application/x-www-form-urlencoded"),
                    new dev.incognito.protocol.bhttp.Field("authorization", device.token())),
                "a=b".getBytes(StandardCharsets.US_ASCII),
                java.util.List.of())));

    // and the server still answers a valid request
    PrivateChat.Answer ok = device.send(BinaryHttp.encode(BinaryRequest.get("/v1/models")));
    assertEquals(200, ok.inner().status());
  }
}
