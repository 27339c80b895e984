package dev.incognito.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upstream call against a real local HTTP server standing in for the gateway. */
class GatewayLinkTest {

  private HttpServer server;
  private final AtomicReference<Map<String, String>> seenHeaders = new AtomicReference<>();
  private final AtomicReference<byte[]> seenBody = new AtomicReference<>();
  private GatewayLink link;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/gateway/",
        exchange -> {
          Map<String, String> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
          seenHeaders.set(headers);
          seenBody.set(exchange.getRequestBody().readAllBytes());
          byte[] answer = {1, 2, 3};
          exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
          exchange.sendResponseHeaders(422, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    link = new GatewayLink();
    link.gatewayUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/gateway/";
    link.connectTimeoutMs = 2000;
    link.init();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void forward_sendsOnlyTheBodyItsTypeAndAFixedUserAgent() throws Exception {
    byte[] body = {0, 1, 2, 3, 4, 5};
    HttpResponse<InputStream> r = link.forward(body, MediaTypes.REQUEST);
    r.body().close();
    assertArrayEquals(body, seenBody.get());
    Map<String, String> headers = seenHeaders.get();
    assertEquals(MediaTypes.REQUEST, headers.get("content-type"));
    assertEquals(GatewayLink.USER_AGENT, headers.get("user-agent"));
    assertEquals(
        Set.of("content-type", "user-agent", "host", "content-length"),
        headers.keySet(),
        "no header beyond what HTTP/1.1 needs");
  }

  @Test
  void forward_returnsTheGatewayStatusAndTypeUnchanged() throws Exception {
    HttpResponse<InputStream> r = link.forward(new byte[] {9}, MediaTypes.CHUNKED_REQUEST);
    try (InputStream in = r.body()) {
      assertEquals(422, r.statusCode());
      assertEquals("application/problem+json", r.headers().firstValue("Content-Type").get());
      assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
    }
  }

  @Test
  void mediaTypes_acceptOnlyTheEncapsulatedRequestTypes() {
    assertTrue(MediaTypes.isEncapsulatedRequest("message/ohttp-req"));
    assertTrue(MediaTypes.isEncapsulatedRequest("Message/OHTTP-chunked-req; x=1"));
    assertEquals(false, MediaTypes.isEncapsulatedRequest("message/ohttp-res"));
    assertEquals(false, MediaTypes.isEncapsulatedRequest("application/json"));
    assertEquals(false, MediaTypes.isEncapsulatedRequest(null));
  }
}
