package dev.incognito.client.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.incognito.client.ownerfiles.OwnerOnlyFiles;
import dev.incognito.protocol.receipt.Receipt;
import dev.incognito.protocol.receipt.ReceiptKey;
import dev.incognito.protocol.receipt.ReceiptVerificationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcripts signed by a real receipt key, saved, read back, and tampered with field by field. */
class TranscriptTest {

  private final SecureRandom random = new SecureRandom();
  private ReceiptKey key;
  private byte[] model;
  private byte[] policy;
  private byte[] nonce;
  private byte[] request;
  private String answer;

  @TempDir Path dir;

  @BeforeEach
  void sign() {
    key = ReceiptKey.generate(random);
    model = randomBytes(32);
    policy = randomBytes(32);
    nonce = randomBytes(32);
    request =
        ("{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi ✓\"}],"
                + "\"incognito\":{\"nonce\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    answer = "Hello — the answer ✓";
  }

  @AfterEach
  void close() {
    key.close();
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private Transcript transcript() {
    Receipt r =
        key.sign(
            request, answer.getBytes(StandardCharsets.UTF_8), model, policy, 1_700_000_000L, nonce);
    return new Transcript(
        request, answer, r, key.publicKey(), model, policy, "tiny", 1_700_000_001L);
  }

  private static List<String> failed(Transcript t) {
    return t.checks().stream()
        .filter(c -> !c.passed())
        .map(Check::name)
        .collect(Collectors.toList());
  }

  @Test
  void roundTrip_throughAFile_keepsEveryFieldAndVerifies() throws Exception {
    Transcript t = transcript();
    Path file = dir.resolve("t.json");
    t.write(file);
    assertTrue(OwnerOnlyFiles.isOwnerOnly(file), "transcript file must be owner-only");
    Transcript back = Transcript.read(file);
    assertEquals(t, back);
    assertEquals(List.of(), failed(back));
    assertEquals(7, back.checks().size());
    back.verify();
    assertTrue(
        new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(Transcript.FORMAT));
  }

  @Test
  void checks_requestChanged_failsRequestDigestAndNonceStaysBound() throws Exception {
    Transcript t = transcript();
    byte[] other = request.clone();
    other[20] ^= 1;
    Transcript bad = with(t, other, t.answer(), t.receiptKey(), t.modelSha256(), t.policySha256());
    assertEquals(List.of("request digest"), failed(bad));
    var e = assertThrows(ReceiptVerificationException.class, bad::verify);
    assertTrue(e.getMessage().startsWith("request digest does not match"), e.getMessage());
  }

  @Test
  void checks_answerChanged_failsAnswerDigest() {
    Transcript t = transcript();
    Transcript bad = with(t, request, answer + ".", t.receiptKey(), model, policy);
    assertEquals(List.of("answer digest"), failed(bad));
    var e = assertThrows(ReceiptVerificationException.class, bad::verify);
    assertTrue(e.getMessage().startsWith("response digest does not match"), e.getMessage());
  }

  @Test
  void checks_modelOrPolicyDigestChanged_failsThatDigest() {
    Transcript t = transcript();
    byte[] m = model.clone();
    m[0] ^= 1;
    assertEquals(
        List.of("model digest"), failed(with(t, request, answer, t.receiptKey(), m, policy)));
    byte[] p = policy.clone();
    p[31] ^= 1;
    assertEquals(
        List.of("policy digest"), failed(with(t, request, answer, t.receiptKey(), model, p)));
  }

  @Test
  void checks_wrongKey_failsKeyAndSignature() {
    Transcript t = transcript();
    try (ReceiptKey other = ReceiptKey.generate(random)) {
      Transcript bad = with(t, request, answer, other.publicKey(), model, policy);
      assertEquals(List.of("receipt key", "signature"), failed(bad));
      var e = assertThrows(ReceiptVerificationException.class, bad::verify);
      assertTrue(e.getMessage().contains("is not the bundle's receipt key"), e.getMessage());
    }
  }

  @Test
  void checks_receiptFieldsChanged_failSignature() throws Exception {
    Transcript t = transcript();
    Receipt r = t.receipt();
    byte[] sig = r.signature();
    sig[5] ^= 1;
    Receipt badSig =
        new Receipt(
            r.requestSha256(),
            r.responseSha256(),
            r.modelSha256(),
            r.policySha256(),
            r.time(),
            r.nonce(),
            r.keyId(),
            sig);
    assertEquals(List.of("signature"), failed(withReceipt(t, badSig)));
    Receipt badTime =
        new Receipt(
            r.requestSha256(),
            r.responseSha256(),
            r.modelSha256(),
            r.policySha256(),
            r.time() + 1,
            r.nonce(),
            r.keyId(),
            r.signature());
    assertEquals(List.of("signature"), failed(withReceipt(t, badTime)));
    byte[] n = r.nonce();
    n[0] ^= 1;
    Receipt badNonce =
        new Receipt(
            r.requestSha256(),
            r.responseSha256(),
            r.modelSha256(),
            r.policySha256(),
            r.time(),
            n,
            r.keyId(),
            r.signature());
    assertEquals(List.of("nonce", "signature"), failed(withReceipt(t, badNonce)));
    assertThrows(ReceiptVerificationException.class, withReceipt(t, badSig)::verify);
  }

  @Test
  void read_everyByteOfRequestAnswerAndReceiptTamperedInTheFile_isRejected() throws Exception {
    Transcript t = transcript();
    String json = new String(t.toJson(), StandardCharsets.UTF_8);
    // one character changed inside each member's value
    for (String member :
        List.of(
            "\"request\":\"",
            "\"answer\":\"",
            "\"signature\":\"",
            "\"request_sha256\":\"",
            "\"response_sha256\":\"",
            "\"receipt_key\":\"",
            "\"model_sha256\":\"",
            "\"policy_sha256\":\"",
            "\"nonce\":\"",
            "\"key_id\":\"")) {
      int at = json.indexOf(member) + member.length() + 3;
      assertTrue(at > member.length() + 2, member);
      char c = json.charAt(at);
      char swapped =
          c == 'a' ? 'b' : (c == 'A' ? 'B' : (Character.isDigit(c) ? (c == '1' ? '2' : '1') : 'a'));
      String tampered = json.substring(0, at) + swapped + json.substring(at + 1);
      boolean rejected;
      try {
        Transcript back = Transcript.parse(tampered.getBytes(StandardCharsets.UTF_8));
        rejected = !failed(back).isEmpty();
        if (rejected) {
          assertThrows(ReceiptVerificationException.class, back::verify, member);
        }
      } catch (TranscriptException e) {
        rejected = true;
      }
      assertTrue(rejected, "tampering with " + member + " went unnoticed");
    }
  }

  @Test
  void parse_wrongFormatOrGarbage_failsWithItsOwnException() {
    Transcript t = transcript();
    String json = new String(t.toJson(), StandardCharsets.UTF_8);
    var e =
        assertThrows(
            TranscriptException.class,
            () ->
                Transcript.parse(
                    json.replace(Transcript.FORMAT, "incognito-transcript/v9")
                        .getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("incognito-transcript/v9"), e.getMessage());
    assertThrows(TranscriptException.class, () -> Transcript.parse(new byte[] {(byte) 0xff}));
    var missing =
        assertThrows(
            TranscriptException.class,
            () ->
                Transcript.parse(
                    json.replace("\"answer\":", "\"answr\":").getBytes(StandardCharsets.UTF_8)));
    assertTrue(missing.getMessage().contains("answer"), missing.getMessage());
  }

  @Test
  void toString_neverShowsTheConversation() {
    String s = transcript().toString();
    assertFalse(s.contains("Hello"), s);
    assertFalse(s.contains("hi"), s);
  }

  private static Transcript with(
      Transcript t, byte[] req, String ans, byte[] k, byte[] m, byte[] p) {
    return new Transcript(req, ans, t.receipt(), k, m, p, t.model(), t.savedAt());
  }

  private static Transcript withReceipt(Transcript t, Receipt r) {
    return new Transcript(
        t.request(),
        t.answer(),
        r,
        t.receiptKey(),
        t.modelSha256(),
        t.policySha256(),
        t.model(),
        t.savedAt());
  }
}
