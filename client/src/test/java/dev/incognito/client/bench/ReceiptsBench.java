package dev.incognito.client.bench;

import dev.incognito.protocol.receipt.Receipt;
import dev.incognito.protocol.receipt.ReceiptKey;
import dev.incognito.protocol.receipt.ReceiptVerificationException;
import dev.incognito.protocol.receipt.ReceiptVerifier;
import dev.incognito.protocol.secret.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Receipts signed and verified per second on one thread: {@link ReceiptKey#sign} (two SHA-256, the
 * signed message, Ed25519) and {@link ReceiptVerifier#verify} (key id, four digests, nonce,
 * Ed25519) against BouncyCastle's raw Ed25519 sign and verify of the same signed message with key
 * parameters built once, in the same run, rounds alternating.
 *
 * <p>Usage: {@code ReceiptsBench [rounds] [seconds-per-measure]}. Prints a Markdown table.
 */
public final class ReceiptsBench {

  private ReceiptsBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
    SecureRandom random = new SecureRandom();
    byte[] request = new byte[2048]; // an inner request body of a short conversation
    random.nextBytes(request);
    byte[] answer = "a".repeat(1024).getBytes(StandardCharsets.UTF_8);
    byte[] model = new byte[32];
    byte[] policy = new byte[32];
    byte[] nonce = new byte[32];
    random.nextBytes(model);
    random.nextBytes(policy);
    random.nextBytes(nonce);
    long time = 1_764_000_000L;

    ReceiptKey key = ReceiptKey.generate(random);
    ReceiptVerifier verifier = key.verifier();
    Receipt receipt = key.sign(request, answer, model, policy, time, nonce);
    byte[] message = receipt.signedMessage();
    SecretBytes seed = key.seed();
    Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed.revealForUse(), 0);
    Ed25519PublicKeyParameters pub = new Ed25519PublicKeyParameters(key.publicKey(), 0);

    // both sides must agree before anything is timed
    verifier.verify(receipt, request, answer, model, policy, nonce);
    if (!rawVerify(pub, message, rawSign(priv, message))) {
      throw new IllegalStateException("raw Ed25519 does not verify its own signature");
    }

    Op sign = () -> key.sign(request, answer, model, policy, time, nonce).signature()[0];
    Op verify =
        () -> {
          verifier.verify(receipt, request, answer, model, policy, nonce);
          return 1;
        };
    Op rawSign = () -> rawSign(priv, message)[0];
    Op rawVerify = () -> rawVerify(pub, message, receipt.signature()) ? 1 : 0;

    for (Op op : new Op[] {sign, verify, rawSign, rawVerify}) {
      rate(op, 0.5); // warm-up
    }
    System.out.println(
        "| round | receipt sign (/s) | raw Ed25519 sign (/s) | ratio | receipt verify (/s) |"
            + " raw Ed25519 verify (/s) | ratio |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    double[][] r = new double[rounds][4];
    for (int i = 0; i < rounds; i++) {
      r[i][0] = rate(sign, seconds);
      r[i][1] = rate(rawSign, seconds);
      r[i][2] = rate(verify, seconds);
      r[i][3] = rate(rawVerify, seconds);
      System.out.println(row(String.valueOf(i + 1), r[i]));
    }
    double[] med = new double[4];
    for (int c = 0; c < 4; c++) {
      int column = c;
      med[c] = median(r, i -> r[i][column]);
    }
    // the ratios are medians of the per-round ratios: both sides of a round share its load
    System.out.printf(
        "| **median** | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |%n",
        med[0],
        med[1],
        median(r, i -> r[i][0] / r[i][1]),
        med[2],
        med[3],
        median(r, i -> r[i][2] / r[i][3]));
    key.close();
    seed.close();
  }

  private static double median(double[][] r, java.util.function.IntToDoubleFunction f) {
    double[] col = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      col[i] = f.applyAsDouble(i);
    }
    Arrays.sort(col);
    return col[r.length / 2];
  }

  private static String row(String label, double[] v) {
    return String.format(
        "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |",
        label, v[0], v[1], v[0] / v[1], v[2], v[3], v[2] / v[3]);
  }

  private interface Op {
    int run() throws ReceiptVerificationException;
  }

  private static int sink;

  /** Operations per second over about {@code seconds}. */
  private static double rate(Op op, double seconds) throws ReceiptVerificationException {
    long budget = (long) (seconds * 1e9);
    long start = System.nanoTime();
    long n = 0;
    long elapsed;
    do {
      for (int i = 0; i < 16; i++) {
        sink += op.run();
      }
      n += 16;
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return n / (elapsed / 1e9);
  }

  private static byte[] rawSign(Ed25519PrivateKeyParameters priv, byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, priv);
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  private static boolean rawVerify(Ed25519PublicKeyParameters pub, byte[] message, byte[] sig) {
    Ed25519Signer v = new Ed25519Signer();
    v.init(false, pub);
    v.update(message, 0, message.length);
    return v.verifySignature(sig);
  }
}
