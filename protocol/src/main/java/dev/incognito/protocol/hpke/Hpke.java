package dev.incognito.protocol.hpke;

import dev.incognito.protocol.secret.SecretBytes;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hybrid Public Key Encryption (RFC 9180) for DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and the AEADs
 * of {@link HpkeSuite}, in all four modes. Key generation and the Setup functions of §5.1; the
 * resulting {@link SenderContext} and {@link RecipientContext} seal, open and export.
 *
 * <p>Every method is thread-safe; the contexts they return are not.
 */
public final class Hpke {

  /** mode_base (§5). */
  public static final int MODE_BASE = 0x00;

  /** mode_psk (§5). */
  public static final int MODE_PSK = 0x01;

  /** mode_auth (§5). */
  public static final int MODE_AUTH = 0x02;

  /** mode_auth_psk (§5). */
  public static final int MODE_AUTH_PSK = 0x03;

  /** Shortest PSK accepted, bytes: the 32 bytes of entropy §9.5 asks for. */
  public static final int MIN_PSK_LENGTH = 32;

  /**
   * Longest info, psk or psk_id accepted, bytes (§7.2.1 allows far more; nothing here needs it).
   */
  public static final int MAX_INPUT_LENGTH = 64 * 1024;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] EMPTY = new byte[0];

  private Hpke() {}

  /** GenerateKeyPair() (§4) from the default {@link SecureRandom}. */
  public static HpkeKeyPair generateKeyPair(HpkeSuite suite) {
    return generateKeyPair(suite, RANDOM);
  }

  /** GenerateKeyPair() (§4): Nsk bytes from {@code random}. */
  public static HpkeKeyPair generateKeyPair(HpkeSuite suite, SecureRandom random) {
    Objects.requireNonNull(suite, "suite");
    byte[] sk = Dhkem.generatePrivateKey(random);
    return new HpkeKeyPair(SecretBytes.wrap(sk), Dhkem.publicKey(sk));
  }

  /**
   * DeriveKeyPair(ikm) (§7.1.3).
   *
   * @param ikm input keying material, at least Nsk bytes
   */
  public static HpkeKeyPair deriveKeyPair(HpkeSuite suite, byte[] ikm) {
    Objects.requireNonNull(suite, "suite");
    if (ikm.length < Dhkem.N_SK || ikm.length > MAX_INPUT_LENGTH) {
      throw new IllegalArgumentException("ikm must be " + Dhkem.N_SK + ".." + MAX_INPUT_LENGTH);
    }
    byte[] sk = Dhkem.derivePrivateKey(Kdf.hkdfSha256(), ikm);
    return new HpkeKeyPair(SecretBytes.wrap(sk), Dhkem.publicKey(sk));
  }

  /**
   * The key pair of a serialized private key (DeserializePrivateKey, §7.1.2), with its public key
   * computed. The private key is copied; the caller keeps ownership of {@code skX}.
   *
   * @throws IllegalArgumentException when {@code skX} is not Nsk bytes
   */
  public static HpkeKeyPair keyPair(HpkeSuite suite, SecretBytes skX) {
    Objects.requireNonNull(suite, "suite");
    byte[] sk = skX.revealForUse();
    byte[] pk = Dhkem.publicKey(sk);
    return new HpkeKeyPair(SecretBytes.copyOf(sk), pk);
  }

  /** SetupBaseS(pkR, info) (§5.1.1) with a fresh ephemeral key from the default random source. */
  public static SenderContext setupBaseS(HpkeSuite suite, byte[] pkR, byte[] info)
      throws HpkeException {
    return setupS(suite, MODE_BASE, pkR, info, null, null, null, RANDOM);
  }

  /** SetupBaseS(pkR, info) (§5.1.1), the ephemeral key drawn from {@code random}. */
  public static SenderContext setupBaseS(
      HpkeSuite suite, byte[] pkR, byte[] info, SecureRandom random) throws HpkeException {
    return setupS(suite, MODE_BASE, pkR, info, null, null, null, random);
  }

  /**
   * SetupBaseR(enc, skR, info) (§5.1.1). Computes pkR from skR; a caller that holds the key pair
   * saves that work with {@link #setupBaseR(HpkeSuite, byte[], HpkeKeyPair, byte[])}.
   *
   * @throws HpkeException when {@code enc} is not Nenc bytes or gives a zero shared secret
   */
  public static RecipientContext setupBaseR(
      HpkeSuite suite, byte[] enc, SecretBytes skR, byte[] info) throws HpkeException {
    byte[] sk = skR.revealForUse();
    return setupR(suite, MODE_BASE, enc, sk, Dhkem.publicKey(sk), info, null, null, null);
  }

  /** SetupBaseR(enc, skR, info) (§5.1.1) with the recipient's key pair. */
  public static RecipientContext setupBaseR(
      HpkeSuite suite, byte[] enc, HpkeKeyPair kpR, byte[] info) throws HpkeException {
    return setupR(
        suite,
        MODE_BASE,
        enc,
        kpR.privateKey().revealForUse(),
        kpR.publicKeyNoCopy(),
        info,
        null,
        null,
        null);
  }

  /** SetupPSKS(pkR, info, psk, psk_id) (§5.1.2). */
  public static SenderContext setupPskS(
      HpkeSuite suite, byte[] pkR, byte[] info, SecretBytes psk, byte[] pskId, SecureRandom random)
      throws HpkeException {
    return setupS(suite, MODE_PSK, pkR, info, psk, pskId, null, random);
  }

  /** SetupPSKR(enc, skR, info, psk, psk_id) (§5.1.2). */
  public static RecipientContext setupPskR(
      HpkeSuite suite, byte[] enc, HpkeKeyPair kpR, byte[] info, SecretBytes psk, byte[] pskId)
      throws HpkeException {
    return setupR(
        suite,
        MODE_PSK,
        enc,
        kpR.privateKey().revealForUse(),
        kpR.publicKeyNoCopy(),
        info,
        psk,
        pskId,
        null);
  }

  /** SetupAuthS(pkR, info, skS) (§5.1.3). */
  public static SenderContext setupAuthS(
      HpkeSuite suite, byte[] pkR, byte[] info, HpkeKeyPair kpS, SecureRandom random)
      throws HpkeException {
    return setupS(suite, MODE_AUTH, pkR, info, null, null, kpS, random);
  }

  /** SetupAuthR(enc, skR, info, pkS) (§5.1.3). */
  public static RecipientContext setupAuthR(
      HpkeSuite suite, byte[] enc, HpkeKeyPair kpR, byte[] info, byte[] pkS) throws HpkeException {
    return setupR(
        suite,
        MODE_AUTH,
        enc,
        kpR.privateKey().revealForUse(),
        kpR.publicKeyNoCopy(),
        info,
        null,
        null,
        Objects.requireNonNull(pkS, "pkS"));
  }

  /** SetupAuthPSKS(pkR, info, psk, psk_id, skS) (§5.1.4). */
  public static SenderContext setupAuthPskS(
      HpkeSuite suite,
      byte[] pkR,
      byte[] info,
      SecretBytes psk,
      byte[] pskId,
      HpkeKeyPair kpS,
      SecureRandom random)
      throws HpkeException {
    return setupS(suite, MODE_AUTH_PSK, pkR, info, psk, pskId, kpS, random);
  }

  /** SetupAuthPSKR(enc, skR, info, psk, psk_id, pkS) (§5.1.4). */
  public static RecipientContext setupAuthPskR(
      HpkeSuite suite,
      byte[] enc,
      HpkeKeyPair kpR,
      byte[] info,
      SecretBytes psk,
      byte[] pskId,
      byte[] pkS)
      throws HpkeException {
    return setupR(
        suite,
        MODE_AUTH_PSK,
        enc,
        kpR.privateKey().revealForUse(),
        kpR.publicKeyNoCopy(),
        info,
        psk,
        pskId,
        Objects.requireNonNull(pkS, "pkS"));
  }

  private static SenderContext setupS(
      HpkeSuite suite,
      int mode,
      byte[] pkR,
      byte[] info,
      SecretBytes psk,
      byte[] pskId,
      HpkeKeyPair kpS,
      SecureRandom random)
      throws HpkeException {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(random, "random");
    checkInfo(info);
    if (pkR.length != Dhkem.N_PK) {
      throw new HpkeException("recipient public key must be " + Dhkem.N_PK + " bytes");
    }
    Kdf kdf = Kdf.hkdfSha256();
    byte[] skE = Dhkem.generatePrivateKey(random);
    try {
      byte[] pkE = Dhkem.publicKey(skE);
      byte[] sharedSecret =
          Dhkem.encap(
              kdf,
              pkR,
              skE,
              pkE,
              kpS == null ? null : kpS.privateKey().revealForUse(),
              kpS == null ? null : kpS.publicKeyNoCopy());
      Schedule s = keySchedule(suite, kdf, mode, sharedSecret, info, psk, pskId);
      return new SenderContext(suite, kdf, s.key, s.baseNonce, s.exporterSecret, pkE);
    } finally {
      Arrays.fill(skE, (byte) 0);
    }
  }

  private static RecipientContext setupR(
      HpkeSuite suite,
      int mode,
      byte[] enc,
      byte[] skR,
      byte[] pkR,
      byte[] info,
      SecretBytes psk,
      byte[] pskId,
      byte[] pkS)
      throws HpkeException {
    Objects.requireNonNull(suite, "suite");
    checkInfo(info);
    Kdf kdf = Kdf.hkdfSha256();
    byte[] sharedSecret = Dhkem.decap(kdf, enc, skR, pkR, pkS);
    Schedule s = keySchedule(suite, kdf, mode, sharedSecret, info, psk, pskId);
    return new RecipientContext(suite, kdf, s.key, s.baseNonce, s.exporterSecret);
  }

  private static void checkInfo(byte[] info) {
    if (info.length > MAX_INPUT_LENGTH) {
      throw new IllegalArgumentException("info longer than " + MAX_INPUT_LENGTH + " bytes");
    }
  }

  /**
   * psk_id_hash of the empty psk_id and info_hash of recent infos, per suite: public values that a
   * gateway would otherwise recompute for every request under the same key configuration.
   */
  private static final Map<HashKey, byte[]> HASHES = new ConcurrentHashMap<>();

  /** Most cached hashes; beyond this, hashes are computed and not kept. */
  private static final int MAX_CACHED_HASHES = 256;

  /** Longest info whose hash is cached, bytes. */
  private static final int MAX_CACHED_INFO = 128;

  private record HashKey(HpkeSuite suite, String label, ByteBuffer input) {
    HashKey(HpkeSuite suite, String label, byte[] input) {
      this(suite, label, ByteBuffer.wrap(input.clone()).asReadOnlyBuffer());
    }
  }

  private static byte[] infoHash(HpkeSuite suite, Kdf kdf, byte[] suiteId, byte[] info) {
    if (info.length > MAX_CACHED_INFO) {
      return kdf.labeledExtract(suiteId, EMPTY, "info_hash", info);
    }
    HashKey key = new HashKey(suite, "info_hash", info);
    byte[] cached = HASHES.get(key);
    if (cached != null) {
      return cached;
    }
    byte[] h = kdf.labeledExtract(suiteId, EMPTY, "info_hash", info);
    if (HASHES.size() < MAX_CACHED_HASHES) {
      HASHES.putIfAbsent(key, h);
    }
    return h;
  }

  private record Schedule(byte[] key, byte[] baseNonce, byte[] exporterSecret) {}

  /** VerifyPSKInputs and KeySchedule (§5.1). {@code sharedSecret} is cleared afterwards. */
  private static Schedule keySchedule(
      HpkeSuite suite,
      Kdf kdf,
      int mode,
      byte[] sharedSecret,
      byte[] info,
      SecretBytes psk,
      byte[] pskId) {
    boolean pskMode = mode == MODE_PSK || mode == MODE_AUTH_PSK;
    if (pskMode) {
      Objects.requireNonNull(psk, "psk");
      Objects.requireNonNull(pskId, "pskId");
      if (psk.length() < MIN_PSK_LENGTH || psk.length() > MAX_INPUT_LENGTH) {
        throw new IllegalArgumentException(
            "psk must be " + MIN_PSK_LENGTH + ".." + MAX_INPUT_LENGTH);
      }
      if (pskId.length == 0 || pskId.length > MAX_INPUT_LENGTH) {
        throw new IllegalArgumentException("psk_id must be 1.." + MAX_INPUT_LENGTH + " bytes");
      }
    }
    byte[] pskBytes = pskMode ? psk.revealForUse() : EMPTY;
    byte[] pskIdBytes = pskMode ? pskId : EMPTY;
    byte[] suiteId = suite.suiteId();

    byte[] pskIdHash =
        pskMode
            ? kdf.labeledExtract(suiteId, EMPTY, "psk_id_hash", pskIdBytes)
            : HASHES.computeIfAbsent(
                new HashKey(suite, "psk_id_hash", EMPTY),
                k -> kdf.labeledExtract(suiteId, EMPTY, "psk_id_hash", EMPTY));
    byte[] infoHash = infoHash(suite, kdf, suiteId, info);
    byte[] context = new byte[1 + pskIdHash.length + infoHash.length];
    context[0] = (byte) mode;
    System.arraycopy(pskIdHash, 0, context, 1, pskIdHash.length);
    System.arraycopy(infoHash, 0, context, 1 + pskIdHash.length, infoHash.length);

    byte[] secret = kdf.labeledExtract(suiteId, sharedSecret, "secret", pskBytes);
    Arrays.fill(sharedSecret, (byte) 0);
    byte[] key = null;
    byte[] baseNonce = null;
    if (!suite.isExportOnly()) {
      key = kdf.labeledExpand(suiteId, secret, "key", context, suite.nK());
      baseNonce = kdf.labeledExpand(suiteId, secret, "base_nonce", context, suite.nN());
    }
    byte[] exporterSecret = kdf.labeledExpand(suiteId, secret, "exp", context, Kdf.N_H);
    Arrays.fill(secret, (byte) 0);
    return new Schedule(key, baseNonce, exporterSecret);
  }
}
