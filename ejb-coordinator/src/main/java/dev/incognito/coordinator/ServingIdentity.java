package dev.incognito.coordinator;

import dev.incognito.coordinator.safety.SafetyPolicy;
import dev.incognito.protocol.receipt.Receipt;
import dev.incognito.protocol.receipt.ReceiptKey;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the attestation bundle vouches for on the coordinator's side: the receipt-signing key
 * (generated at start, held in memory only, gone when the application stops) and the safety policy
 * with its digest.
 */
@ApplicationScoped
public class ServingIdentity {

  private static final Logger LOG = Logger.getLogger(ServingIdentity.class.getName());

  /** A policy file to use instead of the one shipped in the coordinator; empty for the shipped. */
  @Inject
  @ConfigProperty(name = "incognito.coordinator.policy-file")
  Optional<String> policyFile;

  private ReceiptKey receiptKey;
  private SafetyPolicy policy;

  @PostConstruct
  void init() {
    String file = policyFile.map(String::strip).orElse("");
    if (file.isEmpty()) {
      policy = SafetyPolicy.defaultPolicy();
    } else {
      try {
        policy = SafetyPolicy.load(Path.of(file));
      } catch (IOException | SafetyPolicy.InvalidPolicyException e) {
        throw new IllegalStateException("safety policy " + file + ": " + e.getMessage(), e);
      }
    }
    receiptKey = ReceiptKey.generate(new SecureRandom());
    LOG.info(
        () ->
            "coordinator identity: safety policy "
                + policy.version()
                + " sha256 "
                + policy.sha256Hex()
                + ", receipt key "
                + receiptKey.keyId());
  }

  @PreDestroy
  void close() {
    receiptKey.close();
  }

  public SafetyPolicy policy() {
    return policy;
  }

  /** The raw Ed25519 receipt public key (RFC 8032), 32 bytes. */
  public byte[] receiptPublicKey() {
    return receiptKey.publicKey();
  }

  /** Signs a receipt; see {@link ReceiptKey#sign}. */
  public Receipt sign(
      byte[] requestBody, byte[] answer, byte[] modelSha256, long time, byte[] nonce) {
    return receiptKey.sign(requestBody, answer, modelSha256, policy.sha256(), time, nonce);
  }
}
