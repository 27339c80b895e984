package dev.incognito.protocol.bhttp;

/**
 * A length or count in a Binary HTTP message exceeds a named cap (for example {@link
 * BinaryHttp#MAX_FIELD_SECTION_BYTES}). Lets a gateway answer 413 rather than 400.
 */
public class BinaryHttpLimitException extends BinaryHttpException {

  private static final long serialVersionUID = 1L;

  private final String limitName;
  private final long limit;

  /**
   * @param what the quantity, e.g. {@code "field section length"}
   * @param value the value found in the message
   * @param limitName the constant's name, e.g. {@code "MAX_FIELD_SECTION_BYTES"}
   * @param limit the constant's value
   */
  public BinaryHttpLimitException(String what, long value, String limitName, long limit) {
    super(what + " " + value + " exceeds " + limitName + " " + limit);
    this.limitName = limitName;
    this.limit = limit;
  }

  /** The name of the cap that was exceeded, e.g. {@code "MAX_CONTENT_BYTES"}. */
  public String limitName() {
    return limitName;
  }

  /** The value of the cap that was exceeded. */
  public long limit() {
    return limit;
  }
}
