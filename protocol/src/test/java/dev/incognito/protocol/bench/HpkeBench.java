package dev.incognito.protocol.bench;

import dev.incognito.protocol.ohttp.ClientContext;
import dev.incognito.protocol.ohttp.GatewayKey;
import dev.incognito.protocol.ohttp.KeyConfig;
import dev.incognito.protocol.ohttp.KeyRing;
import dev.incognito.protocol.ohttp.OhttpClient;
import dev.incognito.protocol.ohttp.OhttpGateway;
import dev.incognito.protocol.ohttp.ServerContext;
import dev.incognito.protocol.ohttp.SymmetricAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * Gateway throughput on one thread: decapsulate a 1 KiB Encapsulated Request and seal a 1 KiB
 * response (RFC 9458 §4.3, §4.4, X25519 / HKDF-SHA256 / AES-128-GCM), with this project's {@code
 * OhttpGateway} and with BouncyCastle's {@code org.bouncycastle.crypto.hpke.HPKE} doing the same
 * steps (setupBaseR, open, export, Extract/Expand, AES-GCM seal). Both run in the same JVM,
 * interleaved in rounds; the median of the rounds is reported.
 *
 * <p>Arguments: [rounds (default 5)] [seconds per round and side (default 2)].
 */
public final class HpkeBench {

  private static final int REQUESTS = 256;
  private static final int SIZE = 1024; // bytes of request and of response

  private HpkeBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2.0;

    Instant now = Instant.now();
    KeyRing ring =
        KeyRing.generate(
            now.minusSeconds(60),
            Duration.ofDays(1),
            List.of(SymmetricAlgorithm.HKDF_SHA256_AES_128_GCM));
    GatewayKey key = ring.keys().get(0);
    KeyConfig config = key.config();
    OhttpGateway gateway = OhttpGateway.of(ring);

    byte[] request = new byte[SIZE];
    byte[] response = new byte[SIZE];
    new SecureRandom().nextBytes(request);
    new SecureRandom().nextBytes(response);
    ClientContext[] clients = new ClientContext[REQUESTS];
    byte[][] requests = new byte[REQUESTS][];
    for (int i = 0; i < REQUESTS; i++) {
      clients[i] = OhttpClient.encapsulate(config, 0x0001, 0x0001, request);
      requests[i] = clients[i].encapsulatedRequest();
    }

    BcGateway bc = new BcGateway(key.privateKey().revealForUse(), config.publicKey());

    // both sides must produce responses the client opens to the same bytes
    for (int i = 0; i < 4; i++) {
      check(
          clients[i].openResponse(gateway.decapsulate(requests[i]).sealResponse(response)),
          response);
      check(clients[i].openResponse(bc.handle(requests[i], response)), response);
    }

    Side ours =
        n -> {
          long sink = 0;
          for (int i = 0; i < n; i++) {
            ServerContext s = gateway.decapsulate(requests[i & (REQUESTS - 1)]);
            sink += s.request().length;
            sink += s.sealResponse(response).length;
          }
          return sink;
        };
    Side theirs =
        n -> {
          long sink = 0;
          for (int i = 0; i < n; i++) {
            sink += bc.handle(requests[i & (REQUESTS - 1)], response).length;
          }
          return sink;
        };

    // the X25519 agreement alone: both sides do one per exchange with the same BouncyCastle code,
    // so BouncyCastle's rate / this rate bounds the ratio any implementation on it can reach
    byte[] skR = key.privateKey().revealForUse();
    byte[][] encs = new byte[REQUESTS][];
    for (int i = 0; i < REQUESTS; i++) {
      encs[i] = Arrays.copyOfRange(requests[i], 7, 39);
    }
    byte[] shared = new byte[32];
    Side dhOnly =
        n -> {
          long sink = 0;
          for (int i = 0; i < n; i++) {
            X25519.calculateAgreement(skR, 0, encs[i & (REQUESTS - 1)], 0, shared, 0);
            sink += shared[0];
          }
          return sink;
        };

    // warm-up
    race(seconds, ours, theirs, dhOnly);

    double[] a = new double[rounds];
    double[] b = new double[rounds];
    double[] dh = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      double[] rates = race(seconds, ours, theirs, dhOnly);
      a[r] = rates[0];
      b[r] = rates[1];
      dh[r] = rates[2];
      System.out.printf(
          "round %d: incognito %.0f/s  bouncycastle %.0f/s  ratio %.2f  (X25519 alone %.0f/s)%n",
          r + 1, a[r], b[r], a[r] / b[r], dh[r]);
    }
    double ma = median(a);
    double mb = median(b);
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratios[r] = a[r] / b[r];
    }
    System.out.printf(
        "median of %d rounds (1 thread, %d B request + %d B response,"
            + " X25519/HKDF-SHA256/AES-128-GCM):%n",
        rounds, SIZE, SIZE);
    System.out.printf(
        "  incognito OhttpGateway     %8.0f exchanges/s (%.1f us each)%n", ma, 1e6 / ma);
    System.out.printf(
        "  BouncyCastle HPKE          %8.0f exchanges/s (%.1f us each)%n", mb, 1e6 / mb);
    System.out.printf("  ratio (median of rounds)   %8.2fx%n", median(ratios));
    double mdh = median(dh);
    System.out.printf(
        "  X25519 agreement alone     %8.0f/s (%.1f us): ceiling on the ratio %.2fx%n",
        mdh, 1e6 / mdh, mdh / mb);
  }

  interface Side {
    long run(int n) throws Exception;
  }

  static long blackhole;

  /**
   * Runs every side for about {@code seconds}, alternating small batches so that all see the same
   * machine load; returns their operations per second.
   */
  static double[] race(double seconds, Side... sides) throws Exception {
    int batch = 16;
    long[] time = new long[sides.length];
    long total = 0;
    long done = 0;
    long budget = (long) (sides.length * seconds * 1e9);
    while (total < budget) {
      for (int i = 0; i < sides.length; i++) {
        long t0 = System.nanoTime();
        blackhole += sides[i].run(batch);
        long dt = System.nanoTime() - t0;
        time[i] += dt;
        total += dt;
      }
      done += batch;
    }
    double[] rates = new double[sides.length];
    for (int i = 0; i < sides.length; i++) {
      rates[i] = done / (time[i] / 1e9);
    }
    return rates;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static void check(byte[] got, byte[] want) {
    if (!Arrays.equals(got, want)) {
      throw new AssertionError("response did not round-trip");
    }
  }

  /** The same gateway steps on BouncyCastle's HPKE and AES-GCM. */
  static final class BcGateway {
    private static final byte[] REQUEST_LABEL =
        "message/bhttp request".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE_LABEL =
        "message/bhttp response".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = "key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONCE = "nonce".getBytes(StandardCharsets.US_ASCII);

    private final HPKE hpke =
        new HPKE(
            HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
    private final AsymmetricCipherKeyPair kpR;
    private final SecureRandom random = new SecureRandom();

    BcGateway(byte[] skR, byte[] pkR) {
      this.kpR = hpke.deserializePrivateKey(skR, pkR);
    }

    byte[] handle(byte[] encapsulatedRequest, byte[] response) throws Exception {
      byte[] hdr = Arrays.copyOfRange(encapsulatedRequest, 0, 7);
      byte[] enc = Arrays.copyOfRange(encapsulatedRequest, 7, 39);
      byte[] info = new byte[REQUEST_LABEL.length + 1 + 7];
      System.arraycopy(REQUEST_LABEL, 0, info, 0, REQUEST_LABEL.length);
      System.arraycopy(hdr, 0, info, REQUEST_LABEL.length + 1, 7);
      HPKEContext ctx = hpke.setupBaseR(enc, kpR, info);
      byte[] request =
          ctx.open(new byte[0], encapsulatedRequest, 39, encapsulatedRequest.length - 39);
      if (request.length != SIZE) {
        throw new AssertionError();
      }
      byte[] secret = ctx.export(RESPONSE_LABEL, 16);
      byte[] responseNonce = new byte[16];
      random.nextBytes(responseNonce);
      byte[] salt = new byte[enc.length + 16];
      System.arraycopy(enc, 0, salt, 0, enc.length);
      System.arraycopy(responseNonce, 0, salt, enc.length, 16);
      byte[] prk = ctx.extract(salt, secret);
      byte[] aeadKey = ctx.expand(prk, KEY, 16);
      byte[] aeadNonce = ctx.expand(prk, NONCE, 12);
      GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
      gcm.init(true, new AEADParameters(new KeyParameter(aeadKey), 128, aeadNonce));
      byte[] out = new byte[16 + gcm.getOutputSize(response.length)];
      System.arraycopy(responseNonce, 0, out, 0, 16);
      int n = gcm.processBytes(response, 0, response.length, out, 16);
      gcm.doFinal(out, 16 + n);
      return out;
    }
  }
}
