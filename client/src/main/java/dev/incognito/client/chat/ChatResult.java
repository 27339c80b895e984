package dev.incognito.client.chat;

import dev.incognito.client.transcript.Transcript;
import dev.incognito.protocol.receipt.Receipt;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer and how it came.
 *
 * @param text the answer text
 * @param model the model that answered
 * @param receiptStatus what became of the receipt
 * @param receipt the receipt, when there was one
 * @param demoNotice the server's notice when the model is the demo one
 * @param steps what the device did, one line per step, in order
 * @param transcript the exchange with its verified receipt, for the person to save if they ask
 */
public record ChatResult(
    String text,
    String model,
    ReceiptStatus receiptStatus,
    Optional<Receipt> receipt,
    Optional<String> demoNotice,
    List<String> steps,
    Optional<Transcript> transcript) {

  public ChatResult {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(receiptStatus, "receiptStatus");
    steps = List.copyOf(steps);
    Objects.requireNonNull(transcript, "transcript");
  }

  /** An answer without a transcript. */
  public ChatResult(
      String text,
      String model,
      ReceiptStatus receiptStatus,
      Optional<Receipt> receipt,
      Optional<String> demoNotice,
      List<String> steps) {
    this(text, model, receiptStatus, receipt, demoNotice, steps, Optional.empty());
  }

  /** Never prints the answer. */
  @Override
  public String toString() {
    return "ChatResult[" + text.length() + " chars, model=" + model + ", " + receiptStatus + "]";
  }
}
