package dev.incognito.protocol.token;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * An issuer's token public key for token type 0x0002: an RSA public key published as an RSASSA-PSS
 * SubjectPublicKeyInfo with SHA-384, MGF1-SHA-384 and salt length 48 (RFC 9578 §6.5). Its {@code
 * token_key_id} is SHA-256 of that encoding.
 */
public final class TokenKey {

  /** Longest SubjectPublicKeyInfo accepted, bytes (an 8192-bit key needs about 1.1 KiB). */
  public static final int MAX_SPKI_BYTES = 2048;

  private static final AlgorithmIdentifier SHA384 =
      new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384);
  private static final AlgorithmIdentifier PSS_SHA384 =
      new AlgorithmIdentifier(
          PKCSObjectIdentifiers.id_RSASSA_PSS,
          new RSASSAPSSparams(
              SHA384,
              new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, SHA384),
              new ASN1Integer(BlindRsa.SALT_LENGTH),
              RSASSAPSSparams.DEFAULT_TRAILER_FIELD));

  private final RSAPublicKey publicKey;
  private final byte[] spki;
  private final byte[] tokenKeyId;

  private TokenKey(RSAPublicKey publicKey, byte[] spki) {
    this.publicKey = publicKey;
    this.spki = spki;
    this.tokenKeyId = sha256(spki);
  }

  /** Wraps an RSA public key, checking its size and exponent. */
  public static TokenKey of(RSAPublicKey publicKey) throws TokenVerificationException {
    BlindRsa.checkPublicKey(publicKey);
    try {
      byte[] spki =
          new SubjectPublicKeyInfo(
                  PSS_SHA384,
                  new org.bouncycastle.asn1.pkcs.RSAPublicKey(
                      publicKey.getModulus(), publicKey.getPublicExponent()))
              .getEncoded("DER");
      return new TokenKey(publicKey, spki);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of a public key failed", e);
    }
  }

  /**
   * Parses the RSASSA-PSS SubjectPublicKeyInfo of RFC 9578 §6.5; any other algorithm or parameter
   * set is rejected.
   */
  public static TokenKey parse(byte[] spki) throws TokenException {
    if (spki.length > MAX_SPKI_BYTES) {
      throw new MalformedTokenException(
          "token key has " + spki.length + " bytes; at most " + MAX_SPKI_BYTES);
    }
    SubjectPublicKeyInfo info;
    org.bouncycastle.asn1.pkcs.RSAPublicKey rsa;
    try {
      info = SubjectPublicKeyInfo.getInstance(spki);
      rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey());
    } catch (RuntimeException | IOException e) {
      throw new MalformedTokenException("token key is not a DER SubjectPublicKeyInfo", e);
    }
    if (!PSS_SHA384.equals(info.getAlgorithm())) {
      throw new TokenVerificationException(
          "token key algorithm is not RSASSA-PSS with SHA-384, MGF1-SHA-384 and salt length 48");
    }
    RSAPublicKey pk = rsaPublicKey(rsa.getModulus(), rsa.getPublicExponent());
    BlindRsa.checkPublicKey(pk);
    TokenKey key = new TokenKey(pk, spki.clone());
    if (!Arrays.equals(of(pk).spki, spki)) {
      throw new MalformedTokenException("token key is not in canonical DER form");
    }
    return key;
  }

  static RSAPublicKey rsaPublicKey(BigInteger n, BigInteger e) throws MalformedTokenException {
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    } catch (GeneralSecurityException ex) {
      throw new MalformedTokenException("token key is not a valid RSA public key", ex);
    }
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }

  /** The SubjectPublicKeyInfo encoding, as published in the directory and the challenge. */
  public byte[] encoded() {
    return spki.clone();
  }

  /** SHA-256 of {@link #encoded()}, RFC 9578 §6.5. */
  public byte[] tokenKeyId() {
    return tokenKeyId.clone();
  }

  /** The last byte of the key id, carried in a token request (RFC 9578 §6.1). */
  public int truncatedTokenKeyId() {
    return Byte.toUnsignedInt(tokenKeyId[tokenKeyId.length - 1]);
  }

  /** Modulus length in bytes: the size of blinded messages, signatures and authenticators. */
  public int modulusBytes() {
    return BlindRsa.modulusBytes(publicKey.getModulus());
  }

  public String tokenKeyIdHex() {
    return HexFormat.of().formatHex(tokenKeyId);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenKey k && Arrays.equals(spki, k.spki);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(spki);
  }

  @Override
  public String toString() {
    return "TokenKey[id=" + tokenKeyIdHex() + "]";
  }
}
