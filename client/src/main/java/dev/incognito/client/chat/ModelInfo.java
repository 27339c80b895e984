package dev.incognito.client.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * A model the server offers ({@code GET /v1/models}).
 *
 * @param id the model id to ask for
 * @param demo whether the server marks it as the small demo model
 * @param notice what the server says about it, if anything
 */
public record ModelInfo(String id, boolean demo, Optional<String> notice) {

  /** Shown for a demo model when the server gives no notice of its own. */
  public static final String DEMO_NOTICE =
      "This is the demo model: tiny, to show the private path end to end, not to give good"
          + " answers.";

  public ModelInfo {
    Objects.requireNonNull(id, "id");
    notice = notice == null ? Optional.empty() : notice;
  }

  /** The notice to print for a demo model. */
  public Optional<String> demoNotice() {
    return demo ? Optional.of(notice.orElse(DEMO_NOTICE)) : Optional.empty();
  }
}
