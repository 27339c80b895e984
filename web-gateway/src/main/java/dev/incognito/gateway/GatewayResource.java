package dev.incognito.gateway;

import dev.incognito.coordinator.Coordinator;
import dev.incognito.gateway.attestation.Attestation;
import dev.incognito.gateway.attestation.AttestedBundle;
import dev.incognito.gateway.attestation.BundleAttester;
import dev.incognito.gateway.attestation.EvidenceException;
import dev.incognito.gateway.attestation.SoftwareManifest;
import dev.incognito.inference.api.ModelInfo;
import dev.incognito.inference.api.PredictorException;
import dev.incognito.protocol.bundle.BundleClaims;
import dev.incognito.protocol.ohttp.KeyRing;
import dev.incognito.protocol.ohttp.MediaTypes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The gateway's public, unencrypted endpoints: key configurations (RFC 9458 §3.2), the attestation
 * bundle, and the administrator's key rotation.
 */
@Path("")
@RequestScoped
public class GatewayResource {

  private static final Logger LOG = Logger.getLogger(GatewayResource.class.getName());

  /** What the bundle says while no TEE evidence can be produced. */
  static final String NO_ATTESTATION = "NONE — incognito.gateway.tee=none, no TEE evidence";

  /** What the bundle says when its evidence comes from the simulated TEE. */
  static final String SIMULATED_ATTESTATION =
      "SIMULATED — no confidential VM; trust the simulated root only for a local demo";

  @Inject Keys keys;
  @EJB Coordinator coordinator;
  @Inject Attestation attestation;
  @Context ServletContext servletContext;

  /** {@code application/ohttp-keys}: every active key configuration, newest first. */
  @GET
  @Path("ohttp-keys")
  @Produces(MediaTypes.OHTTP_KEYS)
  public Response ohttpKeys() {
    return Response.ok(keys.ring().ohttpKeys(Instant.now()), MediaTypes.OHTTP_KEYS)
        .header("Cache-Control", "max-age=300")
        .build();
  }

  /**
   * The attestation bundle: the claims (key configurations, receipt key, model and policy digests,
   * issue time), their REPORT_DATA (SHA-512 of the canonical encoding, {@link BundleClaims}), and
   * the evidence ({@code dev.incognito.gateway.attestation.Evidence}) whose REPORT_DATA is that
   * value; a simulated platform's root rides along as {@code simulated_root} (base64 DER) for
   * comparison only. Evidence is null when {@code incognito.gateway.tee=none}; 503 when the
   * configured TEE cannot produce it.
   */
  @GET
  @Path("bundle")
  @Produces("application/json")
  public Response bundle() {
    ModelInfo model;
    try {
      model = coordinator.modelInfo();
    } catch (PredictorException e) {
      return ProblemResponses.of(503, "Model unavailable", "the model is not loaded");
    }
    byte[] ohttpKeys = keys.ring().ohttpKeys(Instant.now());
    byte[] modelSha256 = HexFormat.of().parseHex(model.weightsSha256());
    HexFormat hex = HexFormat.of();
    Optional<AttestedBundle> attested;
    try {
      Optional<BundleAttester> attester = attestation.attester();
      attested =
          attester.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  attester
                      .get()
                      .current(
                          ohttpKeys,
                          coordinator.receiptPublicKey(),
                          modelSha256,
                          coordinator.policySha256(),
                          new SoftwareManifest(
                              SoftwareManifest.deployedEarDigest(Attestation.instanceRoot()),
                              model.weightsSha256(),
                              hex.formatHex(coordinator.policySha256()),
                              System.getProperty("java.version"),
                              servletContext == null
                                  ? "unknown"
                                  : servletContext.getServerInfo())));
    } catch (EvidenceException e) {
      LOG.severe(() -> "no attestation evidence: " + e.getMessage());
      return ProblemResponses.of(
          503, "Attestation unavailable", "the configured TEE produced no evidence");
    }
    BundleClaims claims =
        attested
            .map(AttestedBundle::claims)
            .orElseGet(
                () ->
                    new BundleClaims(
                        ohttpKeys,
                        coordinator.receiptPublicKey(),
                        modelSha256,
                        coordinator.policySha256(),
                        Instant.now().getEpochSecond()));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("version", 1)
            .add(
                "claims",
                Json.createObjectBuilder()
                    .add("ohttp_keys", b64.encodeToString(claims.ohttpKeys()))
                    .add("receipt_key", b64.encodeToString(claims.receiptKey()))
                    .add("model_sha256", hex.formatHex(claims.modelSha256()))
                    .add("policy_sha256", hex.formatHex(claims.policySha256()))
                    .add("issued_at", claims.issuedAt()))
            .add("report_data", hex.formatHex(claims.reportData()))
            .add(
                "model",
                Json.createObjectBuilder()
                    .add("id", model.id())
                    .add("demo", model.demo())
                    .add("backend", model.backend()));
    if (attested.isPresent()) {
      var evidence = attested.get().evidence();
      body.add("evidence", evidence.toJson());
      evidence
          .simulatedRoot()
          .ifPresent(r -> body.add("simulated_root", Base64.getEncoder().encodeToString(r)));
      body.add(
          "attestation", evidence.simulatedRoot().isPresent() ? SIMULATED_ATTESTATION : "SEV-SNP");
    } else {
      body.addNull("evidence").add("attestation", NO_ATTESTATION);
    }
    return Response.ok(body.build().toString(), "application/json")
        .header("Cache-Control", "no-store")
        .build();
  }

  /**
   * Rotates the OHTTP keys now: a new configuration is published at once; the previous ones stay
   * valid for the configured overlap. Role {@code incognito-admin} (see web.xml).
   */
  @POST
  @Path("admin/rotate-keys")
  @RolesAllowed("incognito-admin")
  @Produces("application/json")
  public Response rotate() {
    KeyRing ring;
    try {
      ring = keys.rotate();
    } catch (IOException e) {
      LOG.warning(() -> "key rotation failed: " + e.getMessage());
      return ProblemResponses.of(500, "Rotation failed", "the new key could not be stored");
    }
    var ids = Json.createArrayBuilder();
    ring.active(Instant.now()).forEach(c -> ids.add(c.keyId()));
    return Response.ok(
            Json.createObjectBuilder().add("active_key_ids", ids).build().toString(),
            "application/json")
        .build();
  }
}
