package dev.incognito.client.bundle;

import dev.incognito.protocol.bundle.BundleClaims;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the device takes from the gateway's bundle ({@code GET /gateway/bundle}) to check receipts:
 * the receipt-signing key and the model and policy digests, plus the key configurations the bundle
 * vouches for, when it lists them.
 *
 * <p>Fields are read from a {@code claims} object when there is one, else from the top level; names
 * are snake_case ({@code receipt_key}, {@code model_sha256}, {@code policy_sha256}, {@code
 * ohttp_keys}, {@code issued_at}); binary values are lowercase hex or base64url; {@code
 * report_data} (hex) at the top level. This class does not verify the attestation evidence: {@link
 * #evidencePresent()} only says whether there is any.
 */
public record GatewayBundle(
    byte[] receiptKey,
    byte[] modelSha256,
    byte[] policySha256,
    Optional<byte[]> ohttpKeys,
    long issuedAt,
    boolean evidencePresent,
    boolean simulated,
    Optional<byte[]> reportData) {

  /** Largest bundle accepted, bytes. */
  public static final int MAX_BUNDLE_BYTES = 1024 * 1024;

  private static final Pattern HEX = Pattern.compile("([0-9a-fA-F]{2})+");

  public GatewayBundle {
    receiptKey = fixed(receiptKey, "receipt key");
    modelSha256 = fixed(modelSha256, "model digest");
    policySha256 = fixed(policySha256, "policy digest");
    ohttpKeys = ohttpKeys.map(byte[]::clone);
    reportData = reportData.map(byte[]::clone);
  }

  /**
   * Whether the bundle's stated REPORT_DATA is SHA-512 of its claims' canonical encoding ({@link
   * BundleClaims}); empty when the bundle states none or lists no key configurations.
   */
  public Optional<Boolean> reportDataMatchesClaims() {
    if (reportData.isEmpty() || ohttpKeys.isEmpty()) {
      return Optional.empty();
    }
    byte[] expected =
        new BundleClaims(ohttpKeys.get(), receiptKey, modelSha256, policySha256, issuedAt)
            .reportData();
    return Optional.of(java.security.MessageDigest.isEqual(expected, reportData.get()));
  }

  private static byte[] fixed(byte[] b, String name) {
    if (b == null || b.length != 32) {
      throw new IllegalArgumentException(name + " must be 32 bytes");
    }
    return b.clone();
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

  @Override
  public Optional<byte[]> ohttpKeys() {
    return ohttpKeys.map(byte[]::clone);
  }

  /** Parses the bundle JSON. */
  public static GatewayBundle parse(byte[] json) throws BundleException {
    if (json.length > MAX_BUNDLE_BYTES) {
      throw new BundleException("bundle larger than " + MAX_BUNDLE_BYTES + " bytes");
    }
    JsonObject root;
    try (var reader =
        Json.createReader(new StringReader(new String(json, StandardCharsets.UTF_8)))) {
      root = reader.readObject();
    } catch (JsonException | ClassCastException e) {
      throw new BundleException("bundle is not a JSON object", e);
    }
    JsonObject claims = root.get("claims") instanceof JsonObject c ? c : root;
    try {
      byte[] receiptKey = binary(claims, "receipt_key");
      byte[] model = binary(claims, "model_sha256");
      byte[] policy = binary(claims, "policy_sha256");
      Optional<byte[]> keys =
          claims.containsKey("ohttp_keys")
              ? Optional.of(binary(claims, "ohttp_keys"))
              : Optional.empty();
      long issuedAt = claims.get("issued_at") instanceof JsonNumber n ? n.longValueExact() : 0L;
      boolean evidence = root.containsKey("evidence") && root.get("evidence") != JsonValue.NULL;
      boolean simulated =
          root.toString().contains("\"SIMULATED\"") || root.getBoolean("simulated", false);
      Optional<byte[]> reportData =
          root.get("report_data") instanceof JsonString r
              ? Optional.of(HexFormat.of().parseHex(r.getString()))
              : Optional.empty();
      return new GatewayBundle(
          receiptKey, model, policy, keys, issuedAt, evidence, simulated, reportData);
    } catch (IllegalArgumentException | ArithmeticException | ClassCastException e) {
      throw new BundleException("bundle field invalid: " + e.getMessage(), e);
    }
  }

  private static byte[] binary(JsonObject o, String name) throws BundleException {
    if (!(o.get(name) instanceof JsonString s)) {
      throw new BundleException("bundle lacks " + name);
    }
    String v = s.getString();
    if (HEX.matcher(v).matches() && v.length() == 64) {
      return HexFormat.of().parseHex(v.toLowerCase(java.util.Locale.ROOT));
    }
    try {
      return Base64.getUrlDecoder().decode(v.replace('+', '-').replace('/', '_').replace("=", ""));
    } catch (IllegalArgumentException e) {
      throw new BundleException(name + " is neither hex nor base64url", e);
    }
  }

  /** Hex SHA-256 of the receipt key: the key id receipts name. */
  public String receiptKeyId() {
    try {
      return HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(receiptKey));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GatewayBundle b
        && java.util.Arrays.equals(receiptKey, b.receiptKey)
        && java.util.Arrays.equals(modelSha256, b.modelSha256)
        && java.util.Arrays.equals(policySha256, b.policySha256)
        && issuedAt == b.issuedAt;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(receiptKey);
  }

  @Override
  public String toString() {
    return "GatewayBundle[receiptKey=" + receiptKeyId().substring(0, 16) + "…]";
  }
}
