package dev.incognito.client.chat;

/**
 * What became of the answer's receipt. A receipt that does not verify is an error, not a status.
 */
public enum ReceiptStatus {
  /** The receipt verified under the bundle's receipt key. */
  VERIFIED,
  /** The answer carried no receipt. */
  MISSING,
  /** The answer carried a receipt but there was no bundle to check it against. */
  UNCHECKED
}
