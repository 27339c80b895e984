package dev.incognito.inference.api;

import java.util.Objects;

/**
 * What is being served.
 *
 * @param id the model id in {@code GET /v1/models} and in requests
 * @param weightsSha256 lowercase hex SHA-256 of the weight file(s), computed once at load; it goes
 *     into the attestation bundle and the transparency log
 * @param backend "cpu" or "cuda"
 * @param demo true for the built-in demo model whose output is meaningless
 * @param contextLength tokens of context per sequence
 * @param notice a human-readable note (for the demo model: that its output is meaningless and how
 *     to configure a real model), or empty
 */
public record ModelInfo(
    String id,
    String weightsSha256,
    String backend,
    boolean demo,
    int contextLength,
    String notice) {

  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(weightsSha256, "weightsSha256");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(notice, "notice");
  }
}
