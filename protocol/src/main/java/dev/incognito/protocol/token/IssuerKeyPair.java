package dev.incognito.protocol.token;

import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;

/** An issuer's RSA key pair for token type 0x0002, and BlindSign (RFC 9578 §6.2). */
public final class IssuerKeyPair {

  /** Modulus size of generated keys, bits. */
  public static final int DEFAULT_MODULUS_BITS = 2048;

  private final RSAPrivateCrtKey privateKey;
  private final TokenKey tokenKey;

  private IssuerKeyPair(RSAPrivateCrtKey privateKey, TokenKey tokenKey) {
    this.privateKey = privateKey;
    this.tokenKey = tokenKey;
  }

  /** Generates a key with e = 65537. */
  public static IssuerKeyPair generate(int modulusBits, SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(new RSAKeyGenParameterSpec(modulusBits, RSAKeyGenParameterSpec.F4), random);
      var kp = g.generateKeyPair();
      return of((RSAPrivateCrtKey) kp.getPrivate());
    } catch (GeneralSecurityException | TokenException e) {
      throw new IllegalStateException("RSA key generation failed", e);
    }
  }

  /** From a PKCS#8 DER private key. */
  public static IssuerKeyPair fromPkcs8(byte[] der) throws TokenException {
    try {
      var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      if (!(key instanceof RSAPrivateCrtKey crt)) {
        throw new MalformedTokenException("private key has no CRT parameters");
      }
      return of(crt);
    } catch (GeneralSecurityException e) {
      throw new MalformedTokenException("not a PKCS#8 RSA private key", e);
    }
  }

  /** From a PEM "PRIVATE KEY" (PKCS#8) document. */
  public static IssuerKeyPair fromPem(String pem) throws TokenException {
    StringBuilder b64 = new StringBuilder();
    boolean inside = false;
    for (String line : new java.io.BufferedReader(new StringReader(pem)).lines().toList()) {
      if (line.startsWith("-----BEGIN PRIVATE KEY-----")) {
        inside = true;
      } else if (line.startsWith("-----END PRIVATE KEY-----")) {
        inside = false;
      } else if (inside) {
        b64.append(line.trim());
      }
    }
    if (b64.length() == 0) {
      throw new MalformedTokenException("no PEM PRIVATE KEY block");
    }
    try {
      return fromPkcs8(Base64.getDecoder().decode(b64.toString()));
    } catch (IllegalArgumentException e) {
      throw new MalformedTokenException("PEM body is not base64", e);
    }
  }

  private static IssuerKeyPair of(RSAPrivateCrtKey sk) throws TokenException {
    RSAPublicKey pk = TokenKey.rsaPublicKey(sk.getModulus(), sk.getPublicExponent());
    return new IssuerKeyPair(sk, TokenKey.of(pk));
  }

  public TokenKey tokenKey() {
    return tokenKey;
  }

  /** PKCS#8 DER of the private key, for the issuer's keystore. */
  public byte[] pkcs8() {
    return privateKey.getEncoded();
  }

  /**
   * Issue per RFC 9578 §6.2: checks the token type and truncated key id and returns the
   * TokenResponse (the blind signature).
   */
  public byte[] issue(TokenRequest request) throws TokenException {
    if (request.truncatedTokenKeyId() != tokenKey.truncatedTokenKeyId()) {
      throw new TokenVerificationException(
          "token request names key id byte "
              + request.truncatedTokenKeyId()
              + "; this issuer's key has "
              + tokenKey.truncatedTokenKeyId());
    }
    byte[] blinded = request.blindedMsg();
    if (blinded.length != tokenKey.modulusBytes()) {
      throw new MalformedTokenException(
          "blinded message has "
              + blinded.length
              + " bytes; the key needs "
              + tokenKey.modulusBytes());
    }
    return BlindRsa.blindSign(privateKey, blinded);
  }

  @Override
  public String toString() {
    return "IssuerKeyPair[" + tokenKey + ", private key redacted]";
  }
}
