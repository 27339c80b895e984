package dev.incognito.client.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.attestation.BundleVerifier;
import dev.incognito.client.attestation.RootTrust;
import dev.incognito.client.attestation.SimulatedBundles;
import dev.incognito.client.token.IssuerClient;
import dev.incognito.client.token.Login;
import dev.incognito.client.token.TokenWallet;
import dev.incognito.protocol.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat pipeline against a real in-process relay, gateway and issuer ({@link PrivatePathPeer}):
 * key configurations, the 401 challenge, blind token issuance, OHTTP (plain and chunked), Binary
 * HTTP, server-sent events and receipts, all over HTTP.
 */
class PrivateChatTest {

  private static PrivatePathPeer peer;

  private final List<String> steps = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    peer = new PrivatePathPeer();
  }

  @AfterAll
  static void stop() {
    peer.close();
  }

  @BeforeEach
  void reset() {
    peer.relayStatus = 0;
    peer.tamperReceipt = false;
    peer.rogueTokenKey = false;
    peer.badReportData = false;
    peer.invalidReceiptKey = false;
  }

  private PrivateChat chat(String password, int batch) {
    SecureRandom random = new SecureRandom();
    var http = PrivateChat.httpClient();
    Login login =
        new Login(
            PrivatePathPeer.USER, SecretBytes.wrap(password.getBytes(StandardCharsets.UTF_8)));
    TokenWallet wallet =
        new TokenWallet(new IssuerClient(http, peer.endpoints().issuer(), login, random), batch);
    return new PrivateChat(peer.endpoints(), http, wallet, random, trustingPeerRoot(), steps::add);
  }

  /** A verifier that trusts the peer's simulated root, as `--trust-simulated-root` would. */
  private static BundleVerifier trustingPeerRoot() {
    return new BundleVerifier(
        RootTrust.simulatedRoot(SimulatedBundles.platform().root(), "the test peer"),
        Set.of(),
        Clock.systemUTC());
  }

  private static List<ChatMessage> ask(String q) {
    return List.of(ChatMessage.user(q));
  }

  @Test
  void complete_nonStreamed_takesChallengeIssuesTokenRetriesAndVerifiesReceipt() throws Exception {
    int issuedBefore = peer.tokensIssued.get();
    int postsBefore = peer.relayPosts.get();
    StringBuilder shown = new StringBuilder();
    ChatResult r =
        chat(PrivatePathPeer.PASSWORD, 1)
            .complete(
                ask("what is OHTTP?"), ChatSettings.defaults().withStream(false), shown::append);
    assertEquals("Echo: what is OHTTP?", r.text());
    assertEquals("Echo: what is OHTTP?", shown.toString());
    assertEquals(PrivatePathPeer.MODEL, r.model());
    assertEquals(ReceiptStatus.VERIFIED, r.receiptStatus());
    assertTrue(r.demoNotice().isPresent(), "the peer marks its model as the demo one");
    assertEquals(1, peer.tokensIssued.get() - issuedBefore);
    // models, the request without a token, the retry with one
    assertEquals(3, peer.relayPosts.get() - postsBefore);
    assertTrue(
        r.steps().stream().anyMatch(s -> s.startsWith("gateway asked for a Privacy Pass token")),
        r.steps().toString());
    assertTrue(
        r.steps().stream().anyMatch(s -> s.startsWith("receipt verified")), r.steps().toString());
    assertTrue(r.steps().stream().anyMatch(s -> s.contains("padded to the")), r.steps().toString());
    assertTrue(
        r.steps().stream()
            .anyMatch(
                s ->
                    s.contains(
                        "REPORT_DATA binding: the report's REPORT_DATA equals SHA-512(claims)")),
        r.steps().toString());
    assertTrue(steps.containsAll(r.steps()), "every step also went to the listener");
  }

  @Test
  void complete_streamed_deliversDeltasInOrderOverChunkedOhttp() throws Exception {
    List<String> deltas = new ArrayList<>();
    ChatResult r =
        chat(PrivatePathPeer.PASSWORD, 1)
            .complete(ask("tell me about relays please"), ChatSettings.defaults(), deltas::add);
    assertEquals("Echo: tell me about relays please", r.text());
    assertTrue(deltas.size() > 1, "the answer came in pieces: " + deltas);
    assertEquals(r.text(), String.join("", deltas));
    assertEquals(ReceiptStatus.VERIFIED, r.receiptStatus());
    assertTrue(
        r.steps().stream().anyMatch(s -> s.contains("chunked response")), r.steps().toString());
  }

  @Test
  void complete_secondQuestionSpendsASpareTokenWithoutAskingAgain() throws Exception {
    PrivateChat chat = chat(PrivatePathPeer.PASSWORD, 2);
    chat.complete(ask("one"), ChatSettings.defaults().withStream(false), s -> {});
    int issued = peer.tokensIssued.get();
    int posts = peer.relayPosts.get();
    ChatResult second =
        chat.complete(ask("two"), ChatSettings.defaults().withStream(false), s -> {});
    assertEquals("Echo: two", second.text());
    assertEquals(issued, peer.tokensIssued.get(), "no new token issued");
    assertEquals(1, peer.relayPosts.get() - posts, "one request, already with a token");
  }

  @Test
  void complete_relay502_isAClearUnreachableError() {
    peer.relayStatus = 502;
    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                chat(PrivatePathPeer.PASSWORD, 1)
                    .complete(ask("hi"), ChatSettings.defaults(), s -> {}));
    assertEquals(ChatException.Kind.UNREACHABLE, e.kind());
    assertTrue(e.getMessage().contains("relay could not reach the gateway (502)"), e.getMessage());
  }

  @Test
  void complete_receiptOverAnotherAnswer_failsClosed() {
    peer.tamperReceipt = true;
    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                chat(PrivatePathPeer.PASSWORD, 1)
                    .complete(ask("hi"), ChatSettings.defaults().withStream(false), s -> {}));
    assertEquals(ChatException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains("response digest does not match"), e.getMessage());
  }

  @Test
  void complete_streamedReceiptOverAnotherAnswer_failsClosed() {
    peer.tamperReceipt = true;
    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                chat(PrivatePathPeer.PASSWORD, 1)
                    .complete(ask("hi"), ChatSettings.defaults(), s -> {}));
    assertEquals(ChatException.Kind.VERIFICATION, e.kind());
  }

  @Test
  void complete_wrongPassword_isAnAuthenticationError() {
    ChatException e =
        assertThrows(
            ChatException.class,
            () -> chat("wrong", 1).complete(ask("hi"), ChatSettings.defaults(), s -> {}));
    assertEquals(ChatException.Kind.AUTHENTICATION, e.kind());
    assertTrue(e.getMessage().contains("refused the login of demo"), e.getMessage());
  }

  @Test
  void complete_gatewayTokenKeyUnknownToIssuer_isRefused() {
    peer.rogueTokenKey = true;
    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                chat(PrivatePathPeer.PASSWORD, 1)
                    .complete(ask("hi"), ChatSettings.defaults(), s -> {}));
    assertEquals(ChatException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains("not published by the issuer"), e.getMessage());
  }

  @Test
  void complete_bundleReportDataNotOfItsClaims_failsClosed() {
    peer.badReportData = true;
    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                chat(PrivatePathPeer.PASSWORD, 1)
                    .complete(ask("hi"), ChatSettings.defaults(), s -> {}));
    assertEquals(ChatException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains("REPORT_DATA"), e.getMessage());
  }

  @Test
  void complete_bundleReceiptKeyNotAnEd25519Point_failsClosed() {
    peer.invalidReceiptKey = true;
    ChatException e =
        assertThrows(
            ChatException.class,
            () ->
                chat(PrivatePathPeer.PASSWORD, 1)
                    .complete(ask("hi"), ChatSettings.defaults().withStream(false), s -> {}));
    assertEquals(ChatException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains("not vouched for"), e.getMessage());
  }

  @Test
  void complete_simulatedEvidenceWithoutTrustedRoot_refusesBeforeSendingAnything() {
    int postsBefore = peer.relayPosts.get();
    SecureRandom random = new SecureRandom();
    var http = PrivateChat.httpClient();
    Login login =
        new Login(
            PrivatePathPeer.USER,
            SecretBytes.wrap(PrivatePathPeer.PASSWORD.getBytes(StandardCharsets.UTF_8)));
    PrivateChat vendorOnly =
        new PrivateChat(
            peer.endpoints(),
            http,
            new TokenWallet(new IssuerClient(http, peer.endpoints().issuer(), login, random), 1),
            random,
            steps::add);
    ChatException e =
        assertThrows(
            ChatException.class,
            () -> vendorOnly.complete(ask("hi"), ChatSettings.defaults(), s -> {}));
    assertEquals(ChatException.Kind.VERIFICATION, e.kind());
    assertTrue(e.getMessage().contains("SIMULATED root"), e.getMessage());
    assertEquals(postsBefore, peer.relayPosts.get(), "nothing went through the relay");
  }

  @Test
  void complete_withTrustedSimulatedRoot_reportsEveryCheckAsSimulated() throws Exception {
    chat(PrivatePathPeer.PASSWORD, 1).complete(ask("hi"), ChatSettings.defaults(), s -> {});
    assertTrue(
        steps.stream().anyMatch(l -> l.contains("SIMULATED REPORT_DATA binding")), steps::toString);
    assertTrue(steps.stream().noneMatch(l -> l.contains("[FAIL]")), steps::toString);
  }

  @Test
  void models_needNoToken() throws Exception {
    int issued = peer.tokensIssued.get();
    List<ModelInfo> models =
        new PrivateChat(
                peer.endpoints(), PrivateChat.httpClient(), null, new SecureRandom(), steps::add)
            .models();
    assertEquals(List.of(PrivatePathPeer.MODEL), models.stream().map(ModelInfo::id).toList());
    assertEquals(issued, peer.tokensIssued.get());
  }

  @Test
  void issueTokens_probesForTheChallengeAndReturnsVerifiedTokens() throws Exception {
    var tokens = chat(PrivatePathPeer.PASSWORD, 1).issueTokens(2);
    assertEquals(2, tokens.size());
  }
}
