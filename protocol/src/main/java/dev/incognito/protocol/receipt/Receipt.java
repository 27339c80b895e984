package dev.incognito.protocol.receipt;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A signed receipt (see the package documentation for the signed message).
 *
 * @param requestSha256 SHA-256 of the inner request body
 * @param responseSha256 SHA-256 of the answer text (UTF-8)
 * @param modelSha256 SHA-256 of the model weights
 * @param policySha256 SHA-256 of the safety policy
 * @param time Unix seconds when the answer was signed
 * @param nonce the device's nonce (0 to {@link #MAX_NONCE_BYTES} bytes)
 * @param keyId hex SHA-256 of the raw Ed25519 receipt public key
 * @param signature Ed25519 signature over {@link #signedMessage()}
 */
public record Receipt(
    byte[] requestSha256,
    byte[] responseSha256,
    byte[] modelSha256,
    byte[] policySha256,
    long time,
    byte[] nonce,
    String keyId,
    byte[] signature) {

  public static final String LABEL = "incognito-receipt/v1";
  public static final int MAX_NONCE_BYTES = 64;
  public static final int MAX_JSON_CHARS = 4096;
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Receipt {
    requestSha256 = digestField(requestSha256, "request");
    responseSha256 = digestField(responseSha256, "response");
    modelSha256 = digestField(modelSha256, "model");
    policySha256 = digestField(policySha256, "policy");
    if (time < 0) {
      throw new IllegalArgumentException("time must not be negative");
    }
    nonce = nonce == null ? new byte[0] : nonce.clone();
    if (nonce.length > MAX_NONCE_BYTES) {
      throw new IllegalArgumentException("nonce longer than " + MAX_NONCE_BYTES + " bytes");
    }
    if (keyId == null || !HEX64.matcher(keyId).matches()) {
      throw new IllegalArgumentException("key id must be 64 lowercase hex characters");
    }
    if (signature == null || signature.length != 64) {
      throw new IllegalArgumentException("an Ed25519 signature has 64 bytes");
    }
    signature = signature.clone();
  }

  private static byte[] digestField(byte[] d, String name) {
    if (d == null || d.length != 32) {
      throw new IllegalArgumentException(name + " digest must be 32 bytes");
    }
    return d.clone();
  }

  /** The bytes the receipt key signs. */
  public byte[] signedMessage() {
    return signedMessage(requestSha256, responseSha256, modelSha256, policySha256, time, nonce);
  }

  static byte[] signedMessage(
      byte[] request, byte[] response, byte[] model, byte[] policy, long time, byte[] nonce) {
    HexFormat hex = HexFormat.of();
    String text =
        LABEL
            + "\nrequest "
            + hex.formatHex(request)
            + "\nresponse "
            + hex.formatHex(response)
            + "\nmodel "
            + hex.formatHex(model)
            + "\npolicy "
            + hex.formatHex(policy)
            + "\ntime "
            + time
            + "\nnonce "
            + Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)
            + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON form carried in answers and transcripts. */
  public String toJson() {
    HexFormat hex = HexFormat.of();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return Json.createObjectBuilder()
        .add("version", 1)
        .add("alg", "Ed25519")
        .add("key_id", keyId)
        .add("request_sha256", hex.formatHex(requestSha256))
        .add("response_sha256", hex.formatHex(responseSha256))
        .add("model_sha256", hex.formatHex(modelSha256))
        .add("policy_sha256", hex.formatHex(policySha256))
        .add("time", time)
        .add("nonce", b64.encodeToString(nonce))
        .add("signature", b64.encodeToString(signature))
        .build()
        .toString();
  }

  /** Parses the JSON form; the signature is checked by {@link ReceiptVerifier}. */
  public static Receipt fromJson(String json) throws ReceiptVerificationException {
    if (json.length() > MAX_JSON_CHARS) {
      throw new ReceiptVerificationException(
          "receipt longer than " + MAX_JSON_CHARS + " characters");
    }
    try (var reader = Json.createReader(new StringReader(json))) {
      return fromJson(reader.readObject());
    } catch (JsonException | ClassCastException e) {
      throw new ReceiptVerificationException("receipt is not a JSON object", e);
    }
  }

  /** Parses the JSON form from an object. */
  public static Receipt fromJson(JsonObject o) throws ReceiptVerificationException {
    try {
      if (o.getInt("version") != 1 || !"Ed25519".equals(o.getString("alg"))) {
        throw new ReceiptVerificationException("receipt version or algorithm is not supported");
      }
      HexFormat hex = HexFormat.of();
      Base64.Decoder b64 = Base64.getUrlDecoder();
      return new Receipt(
          hex.parseHex(o.getString("request_sha256")),
          hex.parseHex(o.getString("response_sha256")),
          hex.parseHex(o.getString("model_sha256")),
          hex.parseHex(o.getString("policy_sha256")),
          o.getJsonNumber("time").longValueExact(),
          b64.decode(o.getString("nonce")),
          o.getString("key_id"),
          b64.decode(o.getString("signature")));
    } catch (NullPointerException
        | ClassCastException
        | ArithmeticException
        | IllegalArgumentException e) {
      throw new ReceiptVerificationException(
          "receipt field missing or invalid: " + e.getMessage(), e);
    }
  }

  /** SHA-256, the digest every receipt field uses. */
  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt r
        && Arrays.equals(signedMessage(), r.signedMessage())
        && keyId.equals(r.keyId)
        && Arrays.equals(signature, r.signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "Receipt[key=" + keyId.substring(0, 16) + "…, time=" + time + "]";
  }
}
