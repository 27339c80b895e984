package dev.incognito.protocol.tlog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signed-note keys in the C2SP text forms: verifier keys {@code <name>+<hex8 keyID>+<base64(type ||
 * key)>} and signer keys {@code PRIVATE+KEY+<name>+<hex8 keyID>+<base64(type || seed)>}.
 */
public final class NoteKeys {

  /** Key type of Ed25519 note signatures. */
  public static final int TYPE_ED25519 = 0x01;

  /** Key type of ECDSA P-256 note signatures (as in Sigstore's checkpoints). */
  public static final int TYPE_ECDSA = 0x02;

  /** Key type of C2SP tlog-cosignature/v1 (Ed25519 over a timestamped checkpoint). */
  public static final int TYPE_COSIGNATURE = 0x04;

  /** Longest key name accepted. */
  public static final int MAX_NAME_CHARS = 256;

  /** Longest encoded key accepted. */
  public static final int MAX_KEY_CHARS = 1024;

  private NoteKeys() {}

  /** A verifier for one (name, key ID). */
  public interface Verifier {
    String name();

    int keyId();

    /** Whether {@code signature} is this key's valid signature over {@code text}. */
    boolean verify(String text, byte[] signature);
  }

  /** Parses a verifier key; unknown types and mismatched key IDs are rejected. */
  public static Verifier parseVerifier(String vkey) throws NoteVerificationException {
    if (vkey == null || vkey.length() > MAX_KEY_CHARS) {
      throw new NoteVerificationException("verifier key is missing or too long");
    }
    String[] parts = vkey.strip().split("\\+", 3);
    if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
      throw new NoteVerificationException("verifier key is not name+hex8+base64");
    }
    String name = parts[0];
    byte[] key;
    try {
      checkName(name);
      key = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new NoteVerificationException("verifier key is malformed: " + e.getMessage());
    }
    int keyId = (int) Long.parseLong(parts[1], 16);
    if (key.length < 2) {
      throw new NoteVerificationException("verifier key " + name + " is too short");
    }
    int expected = keyId(name, key);
    if (keyId != expected) {
      throw new NoteVerificationException(
          "verifier key " + name + " has key ID " + parts[1] + ", its key gives " + hex8(expected));
    }
    byte[] pk = Arrays.copyOfRange(key, 1, key.length);
    switch (key[0]) {
      case TYPE_ED25519:
        return ed25519(name, keyId, pk, false);
      case TYPE_COSIGNATURE:
        return ed25519(name, keyId, pk, true);
      case TYPE_ECDSA:
        return ecdsa(name, keyId, pk);
      default:
        throw new NoteVerificationException(
            "verifier key " + name + " has unknown type " + (key[0] & 0xff));
    }
  }

  /** An Ed25519 note signer, with its verifier key. */
  public static final class Signer {
    private final String name;
    private final int keyId;
    private final Ed25519PrivateKeyParameters key;

    private Signer(String name, int keyId, Ed25519PrivateKeyParameters key) {
      this.name = name;
      this.keyId = keyId;
      this.key = key;
    }

    public String name() {
      return name;
    }

    public int keyId() {
      return keyId;
    }

    /** A fresh key for {@code name}. */
    public static Signer generate(String name) {
      checkName(name);
      Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
      return new Signer(name, NoteKeys.keyId(name, typed(TYPE_ED25519, key)), key);
    }

    /** Parses {@code PRIVATE+KEY+<name>+<hex8>+<base64(0x01 || seed)>}. */
    public static Signer parse(String skey) throws NoteVerificationException {
      String[] parts = skey.strip().split("\\+", 5);
      if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY")) {
        throw new NoteVerificationException("signer key is not PRIVATE+KEY+name+hex8+base64");
      }
      byte[] raw;
      try {
        checkName(parts[2]);
        raw = Base64.getDecoder().decode(parts[4]);
      } catch (IllegalArgumentException e) {
        throw new NoteVerificationException("signer key is malformed: " + e.getMessage());
      }
      if (raw.length != 33 || raw[0] != TYPE_ED25519) {
        throw new NoteVerificationException("signer key is not an Ed25519 seed");
      }
      Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(raw, 1);
      Arrays.fill(raw, (byte) 0);
      Signer signer = new Signer(parts[2], NoteKeys.keyId(parts[2], typed(TYPE_ED25519, key)), key);
      if (!hex8(signer.keyId).equals(parts[3])) {
        throw new NoteVerificationException("signer key ID " + parts[3] + " does not match");
      }
      return signer;
    }

    /** The C2SP signer key text (a secret: write it only to owner-only files). */
    public String encodePrivate() {
      byte[] raw = new byte[33];
      raw[0] = TYPE_ED25519;
      key.encode(raw, 1);
      String out =
          "PRIVATE+KEY+" + name + "+" + hex8(keyId) + "+" + Base64.getEncoder().encodeToString(raw);
      Arrays.fill(raw, (byte) 0);
      return out;
    }

    /** The verifier key text. */
    public String verifierKey() {
      return name
          + "+"
          + hex8(keyId)
          + "+"
          + Base64.getEncoder().encodeToString(typed(TYPE_ED25519, key));
    }

    /** Signs {@code text} (which must end in a newline) into a signature line. */
    public SignedNote.Signature sign(String text) {
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, key);
      byte[] msg = text.getBytes(StandardCharsets.UTF_8);
      signer.update(msg, 0, msg.length);
      return new SignedNote.Signature(name, keyId, signer.generateSignature());
    }

    /** The verifier key of this key's C2SP tlog-cosignature/v1 witness signatures. */
    public String cosignatureVerifierKey() {
      byte[] typed = typed(TYPE_COSIGNATURE, key);
      return name
          + "+"
          + hex8(NoteKeys.keyId(name, typed))
          + "+"
          + Base64.getEncoder().encodeToString(typed);
    }

    /**
     * Cosigns a checkpoint per C2SP tlog-cosignature/v1: Ed25519 over {@code "cosignature/v1\ntime
     * <t>\n" || text}, carried as 8-byte big-endian time then the signature.
     */
    public SignedNote.Signature cosign(String checkpointText, long timeSeconds) {
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, key);
      byte[] msg = Cosignatures.signedMessage(checkpointText, timeSeconds);
      signer.update(msg, 0, msg.length);
      byte[] sig =
          java.nio.ByteBuffer.allocate(8 + 64)
              .putLong(timeSeconds)
              .put(signer.generateSignature())
              .array();
      return new SignedNote.Signature(
          name, NoteKeys.keyId(name, typed(TYPE_COSIGNATURE, key)), sig);
    }

    @Override
    public String toString() {
      return "Signer[" + name + "+" + hex8(keyId) + "]";
    }
  }

  static void checkName(String name) {
    if (name == null
        || name.isEmpty()
        || name.length() > MAX_NAME_CHARS
        || name.chars().anyMatch(c -> c <= ' ' || c == '+' || c == 0x7f)) {
      throw new IllegalArgumentException("key name is empty, too long or has spaces or '+'");
    }
  }

  static int keyId(String name, byte[] typedKey) {
    MessageDigest sha = MerkleHashes.sha256();
    if (typedKey[0] == TYPE_ECDSA) {
      sha.update(typedKey, 1, typedKey.length - 1);
    } else {
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(typedKey);
    }
    byte[] h = sha.digest();
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  static String hex8(int keyId) {
    return HexFormat.of().toHexDigits(keyId);
  }

  private static byte[] typed(int type, Ed25519PrivateKeyParameters key) {
    byte[] out = new byte[33];
    out[0] = (byte) type;
    key.generatePublicKey().encode(out, 1);
    return out;
  }

  private static Verifier ed25519(String name, int keyId, byte[] pk, boolean cosignature)
      throws NoteVerificationException {
    if (pk.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new NoteVerificationException("Ed25519 key " + name + " is not 32 bytes");
    }
    Ed25519PublicKeyParameters key = new Ed25519PublicKeyParameters(pk, 0);
    return new Verifier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int keyId() {
        return keyId;
      }

      @Override
      public boolean verify(String text, byte[] signature) {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        byte[] sig = signature;
        if (cosignature) {
          if (signature.length != 8 + 64) {
            return false;
          }
          long time = java.nio.ByteBuffer.wrap(signature, 0, 8).getLong();
          message = Cosignatures.signedMessage(text, time);
          sig = Arrays.copyOfRange(signature, 8, signature.length);
        }
        if (sig.length != 64) {
          return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(sig);
      }
    };
  }

  private static Verifier ecdsa(String name, int keyId, byte[] spki)
      throws NoteVerificationException {
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new NoteVerificationException("ECDSA key " + name + " is not a valid EC SPKI", e);
    }
    return new Verifier() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int keyId() {
        return keyId;
      }

      @Override
      public boolean verify(String text, byte[] signature) {
        try {
          java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
          s.initVerify(key);
          s.update(text.getBytes(StandardCharsets.UTF_8));
          return s.verify(signature);
        } catch (GeneralSecurityException e) {
          return false;
        }
      }
    };
  }
}
