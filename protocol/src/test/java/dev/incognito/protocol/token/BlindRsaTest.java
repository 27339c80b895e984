package dev.incognito.protocol.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlindRsaTest {

  private static final HexFormat HEX = HexFormat.of();

  private static BigInteger num(JsonObject v, String k) {
    return new BigInteger(v.getString(k).substring(2), 16);
  }

  private static byte[] bytes(JsonObject v, String k) {
    return HEX.parseHex(v.getString(k));
  }

  @Test
  void rfc9474Vectors_blindSignFinalizeReproduceEveryValue() throws Exception {
    for (JsonValue jv : Vectors.read("rfc9474-blind-rsa-vectors.json").asJsonArray()) {
      JsonObject v = jv.asJsonObject();
      BigInteger p = num(v, "p");
      BigInteger q = num(v, "q");
      BigInteger n = num(v, "n");
      BigInteger e = num(v, "e");
      BigInteger d = num(v, "d");
      KeyFactory kf = KeyFactory.getInstance("RSA");
      RSAPublicKey pk = (RSAPublicKey) kf.generatePublic(new RSAPublicKeySpec(n, e));
      RSAPrivateCrtKey sk =
          (RSAPrivateCrtKey)
              kf.generatePrivate(
                  new RSAPrivateCrtKeySpec(
                      n,
                      e,
                      d,
                      p,
                      q,
                      d.mod(p.subtract(BigInteger.ONE)),
                      d.mod(q.subtract(BigInteger.ONE)),
                      q.modInverse(p)));
      BigInteger inv = num(v, "inv");
      byte[] inputMsg = bytes(v, "input_msg");
      int sLen = Integer.parseInt(v.getString("sLen").substring(2), 16);
      byte[] salt = bytes(v, "salt");
      org.junit.jupiter.api.Assertions.assertEquals(sLen, salt.length, v.getString("name"));

      BlindRsa.Blinding blinding = BlindRsa.blind(pk, inputMsg, salt, inv.modInverse(n));
      assertArrayEquals(bytes(v, "blinded_msg"), blinding.blindedMsg(), v.getString("name"));
      assertArrayEquals(inv.toByteArray(), blinding.inv().toByteArray());

      byte[] blindSig = BlindRsa.blindSign(sk, blinding.blindedMsg());
      assertArrayEquals(bytes(v, "blind_sig"), blindSig, v.getString("name"));

      byte[] sig = BlindRsa.finalizeSignature(pk, inputMsg, blindSig, inv, sLen);
      assertArrayEquals(bytes(v, "sig"), sig, v.getString("name"));
    }
  }

  @Test
  void finalize_rejectsCorruptedBlindSignature() throws Exception {
    JsonObject v =
        Vectors.read("rfc9474-blind-rsa-vectors.json").asJsonArray().get(2).asJsonObject();
    RSAPublicKey pk =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(num(v, "n"), num(v, "e")));
    byte[] blindSig = bytes(v, "blind_sig");
    blindSig[blindSig.length / 2] ^= 1;
    assertThrows(
        TokenVerificationException.class,
        () -> BlindRsa.finalizeSignature(pk, bytes(v, "input_msg"), blindSig, num(v, "inv")));
  }

  @Test
  void checkPublicKey_rejectsExponentOtherThan65537() throws Exception {
    RSAPublicKey pk =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(
                    new RSAPublicKeySpec(
                        BigInteger.ONE.shiftLeft(2047).add(BigInteger.ONE), BigInteger.valueOf(3)));
    assertThrows(TokenVerificationException.class, () -> BlindRsa.checkPublicKey(pk));
  }
}
