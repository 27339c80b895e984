package dev.incognito.relay;

import java.util.Locale;

/** The OHTTP media types the relay forwards, RFC 9458 §9 and draft-ietf-ohai-chunked-ohttp §6. */
final class MediaTypes {

  static final String REQUEST = "message/ohttp-req";
  static final String CHUNKED_REQUEST = "message/ohttp-chunked-req";
  static final String RESPONSE = "message/ohttp-res";
  static final String CHUNKED_RESPONSE = "message/ohttp-chunked-res";
  static final String PROBLEM = "application/problem+json";

  private MediaTypes() {}

  /** The type and subtype of a Content-Type value, lower case, without parameters; or "". */
  static String essence(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String essence = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return essence.strip().toLowerCase(Locale.ROOT);
  }

  /** True for the two encapsulated-request types a relay accepts. */
  static boolean isEncapsulatedRequest(String contentType) {
    String e = essence(contentType);
    return e.equals(REQUEST) || e.equals(CHUNKED_REQUEST);
  }
}
