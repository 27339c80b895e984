package dev.incognito.client.transcript;

import dev.incognito.client.ownerfiles.OwnerOnlyFiles;
import dev.incognito.protocol.receipt.Receipt;
import dev.incognito.protocol.receipt.ReceiptVerificationException;
import dev.incognito.protocol.receipt.ReceiptVerifier;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A saved exchange: the exact inner request body the device sent, the answer text it received, the
 * receipt, and the bundle fields the receipt was checked against. Anyone holding the file can check
 * later, offline, that the receipt key signed this request and this answer under this model and
 * this policy ({@code incognito receipt verify}).
 *
 * <p>File format {@value #FORMAT}, one UTF-8 JSON object:
 *
 * <pre>
 * {
 *   "format": "incognito-transcript/v1",
 *   "saved_at": &lt;Unix seconds&gt;,
 *   "model": "&lt;the model that answered&gt;",
 *   "request": "&lt;base64url, no padding, of the exact inner request body (JSON)&gt;",
 *   "answer": "&lt;the answer text&gt;",
 *   "receipt": { the receipt's JSON form, {@link Receipt#toJson()} },
 *   "bundle": {
 *     "receipt_key": "&lt;base64url, no padding, of the raw 32-byte Ed25519 key&gt;",
 *     "model_sha256": "&lt;hex&gt;",
 *     "policy_sha256": "&lt;hex&gt;"
 *   }
 * }
 * </pre>
 *
 * The request is kept as bytes (base64url) because the receipt signs SHA-256 of those exact bytes;
 * the answer as text because the receipt signs SHA-256 of its UTF-8 encoding. The receipt's nonce
 * is the one the request carries in {@code incognito.nonce}.
 *
 * <p>The file holds the conversation in clear: it is written only when the person asks, owner-only.
 *
 * @param request the inner request body, exactly as sent
 * @param answer the answer text
 * @param receipt the receipt that came with the answer
 * @param receiptKey the raw Ed25519 receipt key from the bundle the device verified
 * @param modelSha256 the model digest from that bundle
 * @param policySha256 the policy digest from that bundle
 * @param model the model that answered, as the server named it
 * @param savedAt Unix seconds when the exchange was saved
 */
public record Transcript(
    byte[] request,
    String answer,
    Receipt receipt,
    byte[] receiptKey,
    byte[] modelSha256,
    byte[] policySha256,
    String model,
    long savedAt) {

  /** The format name in the file's {@code format} member. */
  public static final String FORMAT = "incognito-transcript/v1";

  /** Largest transcript read, bytes (the request and the answer are each capped below this). */
  public static final int MAX_FILE_BYTES = 48 * 1024 * 1024;

  /** Longest model name, characters. */
  public static final int MAX_MODEL_CHARS = 256;

  /** Member of the inner request carrying the device's receipt nonce. */
  static final String INCOGNITO_MEMBER = "incognito";

  public Transcript {
    request = Objects.requireNonNull(request, "request").clone();
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(receipt, "receipt");
    receiptKey = exact(receiptKey, 32, "receipt key");
    modelSha256 = exact(modelSha256, 32, "model digest");
    policySha256 = exact(policySha256, 32, "policy digest");
    Objects.requireNonNull(model, "model");
    if (model.length() > MAX_MODEL_CHARS) {
      throw new IllegalArgumentException("model name longer than " + MAX_MODEL_CHARS);
    }
    if (savedAt < 0) {
      throw new IllegalArgumentException("saved_at must not be negative");
    }
  }

  private static byte[] exact(byte[] b, int n, String what) {
    if (b == null || b.length != n) {
      throw new IllegalArgumentException(what + " must be " + n + " bytes");
    }
    return b.clone();
  }

  @Override
  public byte[] request() {
    return request.clone();
  }

  @Override
  public byte[] receiptKey() {
    return receiptKey.clone();
  }

  @Override
  public byte[] modelSha256() {
    return modelSha256.clone();
  }

  @Override
  public byte[] policySha256() {
    return policySha256.clone();
  }

  /** Hex SHA-256 of the receipt key, as receipts and bundles name it. */
  public String receiptKeyId() {
    return HexFormat.of().formatHex(Receipt.sha256(receiptKey));
  }

  // ------------------------------------------------------------------------------------------
  // Checking

  /**
   * Every check, in order, each with its outcome: the receipt key, the request, answer, model and
   * policy digests, the nonce, and the signature. All must pass.
   */
  public List<Check> checks() {
    HexFormat hex = HexFormat.of();
    List<Check> out = new ArrayList<>();
    String keyId = receiptKeyId();
    out.add(
        new Check(
            "receipt key",
            keyId.equals(receipt.keyId()),
            "receipt names key " + receipt.keyId() + "; transcript's bundle key is " + keyId));
    out.add(digest("request digest", Receipt.sha256(request), receipt.requestSha256()));
    out.add(
        digest(
            "answer digest",
            Receipt.sha256(answer.getBytes(StandardCharsets.UTF_8)),
            receipt.responseSha256()));
    out.add(digest("model digest", modelSha256, receipt.modelSha256()));
    out.add(digest("policy digest", policySha256, receipt.policySha256()));
    Optional<byte[]> nonce = requestNonce(request);
    out.add(
        new Check(
            "nonce",
            nonce.isPresent() && MessageDigest.isEqual(nonce.get(), receipt.nonce()),
            nonce.isEmpty()
                ? "the request carries no incognito.nonce"
                : "request nonce "
                    + hex.formatHex(nonce.get())
                    + ", receipt nonce "
                    + hex.formatHex(receipt.nonce())));
    out.add(
        new Check(
            "signature",
            signatureVerifies(),
            "Ed25519 over the receipt's signed message under key " + keyId));
    return List.copyOf(out);
  }

  private static Check digest(String name, byte[] fromTranscript, byte[] inReceipt) {
    HexFormat hex = HexFormat.of();
    return new Check(
        name,
        MessageDigest.isEqual(fromTranscript, inReceipt),
        "transcript "
            + hex.formatHex(fromTranscript)
            + (MessageDigest.isEqual(fromTranscript, inReceipt)
                ? " = receipt"
                : " ≠ receipt " + hex.formatHex(inReceipt)));
  }

  private boolean signatureVerifies() {
    byte[] msg = receipt.signedMessage();
    Ed25519Signer v = new Ed25519Signer();
    Ed25519PublicKeyParameters pk;
    try {
      pk = new Ed25519PublicKeyParameters(receiptKey, 0);
    } catch (IllegalArgumentException e) {
      return false; // not a point on the curve: nothing can verify under it
    }
    v.init(false, pk);
    v.update(msg, 0, msg.length);
    return v.verifySignature(receipt.signature());
  }

  /**
   * Verifies the receipt against this transcript with {@link ReceiptVerifier}, failing closed on
   * the first field that does not match (or when the request carries no nonce).
   */
  public void verify() throws ReceiptVerificationException {
    byte[] nonce =
        requestNonce(request)
            .orElseThrow(
                () ->
                    new ReceiptVerificationException(
                        "the transcript's request carries no incognito.nonce"));
    try {
      new ReceiptVerifier(receiptKey)
          .verify(
              receipt,
              request,
              answer.getBytes(StandardCharsets.UTF_8),
              modelSha256,
              policySha256,
              nonce);
    } catch (IllegalArgumentException e) {
      throw new ReceiptVerificationException("the receipt key is not a valid Ed25519 key", e);
    }
  }

  /** The receipt nonce the inner request carries in {@code incognito.nonce}, if any. */
  static Optional<byte[]> requestNonce(byte[] request) {
    try (var reader = Json.createReader(new StringReader(strictUtf8(request).orElse("")))) {
      JsonObject o = reader.readObject();
      if (o.get(INCOGNITO_MEMBER) instanceof JsonObject i
          && i.get("nonce") instanceof JsonString n) {
        return Optional.of(Base64.getUrlDecoder().decode(n.getString().replace("=", "")));
      }
      return Optional.empty();
    } catch (JsonException | ClassCastException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> strictUtf8(byte[] b) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(b))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------------------------------
  // The file

  /** The {@value #FORMAT} JSON form, UTF-8. */
  public byte[] toJson() {
    HexFormat hex = HexFormat.of();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonObject receiptJson;
    try (var reader = Json.createReader(new StringReader(receipt.toJson()))) {
      receiptJson = reader.readObject();
    }
    return Json.createObjectBuilder()
        .add("format", FORMAT)
        .add("saved_at", savedAt)
        .add("model", model)
        .add("request", b64.encodeToString(request))
        .add("answer", answer)
        .add("receipt", receiptJson)
        .add(
            "bundle",
            Json.createObjectBuilder()
                .add("receipt_key", b64.encodeToString(receiptKey))
                .add("model_sha256", hex.formatHex(modelSha256))
                .add("policy_sha256", hex.formatHex(policySha256)))
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Parses the {@value #FORMAT} JSON form. */
  public static Transcript parse(byte[] json) throws TranscriptException {
    if (json.length > MAX_FILE_BYTES) {
      throw new TranscriptException("transcript larger than " + MAX_FILE_BYTES + " bytes");
    }
    String text =
        strictUtf8(json).orElseThrow(() -> new TranscriptException("transcript is not UTF-8"));
    JsonObject o;
    try (var reader = Json.createReader(new StringReader(text))) {
      o = reader.readObject();
    } catch (JsonException | ClassCastException e) {
      throw new TranscriptException("transcript is not a JSON object", e);
    }
    String format = o.get("format") instanceof JsonString f ? f.getString() : null;
    if (!FORMAT.equals(format)) {
      throw new TranscriptException(
          "transcript format is "
              + (format == null ? "missing" : "'" + format + "'")
              + "; expected "
              + FORMAT);
    }
    String field = "request";
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      HexFormat hex = HexFormat.of();
      byte[] request = b64.decode(o.getString("request"));
      field = "answer";
      String answer = o.getString("answer");
      field = "receipt";
      Receipt receipt;
      try {
        receipt = Receipt.fromJson(o.getJsonObject("receipt"));
      } catch (ReceiptVerificationException e) {
        throw new TranscriptException("transcript's receipt: " + e.getMessage(), e);
      }
      field = "bundle";
      JsonObject bundle = o.getJsonObject("bundle");
      field = "bundle.receipt_key";
      byte[] key = b64.decode(bundle.getString("receipt_key"));
      field = "bundle.model_sha256";
      byte[] modelDigest = hex.parseHex(bundle.getString("model_sha256"));
      field = "bundle.policy_sha256";
      byte[] policyDigest = hex.parseHex(bundle.getString("policy_sha256"));
      field = "model";
      String model = o.getString("model");
      field = "saved_at";
      long savedAt = o.getJsonNumber("saved_at").longValueExact();
      return new Transcript(
          request, answer, receipt, key, modelDigest, policyDigest, model, savedAt);
    } catch (NullPointerException
        | ClassCastException
        | ArithmeticException
        | IllegalArgumentException e) {
      throw new TranscriptException(
          "transcript field "
              + field
              + " is missing or invalid"
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    }
  }

  /** Reads a transcript file. */
  public static Transcript read(Path file) throws TranscriptException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(MAX_FILE_BYTES + 1);
      return parse(b);
    }
  }

  /** Writes this transcript to {@code file}, replacing it, readable by its owner only. */
  public void write(Path file) throws IOException {
    OwnerOnlyFiles.write(file, toJson());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transcript t
        && Arrays.equals(request, t.request)
        && answer.equals(t.answer)
        && receipt.equals(t.receipt)
        && Arrays.equals(receiptKey, t.receiptKey)
        && Arrays.equals(modelSha256, t.modelSha256)
        && Arrays.equals(policySha256, t.policySha256)
        && model.equals(t.model)
        && savedAt == t.savedAt;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(request) * 31 + receipt.hashCode();
  }

  /** Never prints the conversation. */
  @Override
  public String toString() {
    return "Transcript["
        + request.length
        + " request bytes, "
        + answer.length()
        + " answer chars, "
        + receipt
        + "]";
  }
}
