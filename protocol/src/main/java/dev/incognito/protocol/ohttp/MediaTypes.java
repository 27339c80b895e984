package dev.incognito.protocol.ohttp;

/** The media types of Oblivious HTTP (RFC 9458 §9) and chunked Oblivious HTTP. */
public final class MediaTypes {

  /** An Encapsulated Request (RFC 9458 §9.2). */
  public static final String OHTTP_REQUEST = "message/ohttp-req";

  /** An Encapsulated Response (RFC 9458 §9.3). */
  public static final String OHTTP_RESPONSE = "message/ohttp-res";

  /** A chunked Encapsulated Request (draft-ietf-ohai-chunked-ohttp). */
  public static final String OHTTP_CHUNKED_REQUEST = "message/ohttp-chunked-req";

  /** A chunked Encapsulated Response (draft-ietf-ohai-chunked-ohttp). */
  public static final String OHTTP_CHUNKED_RESPONSE = "message/ohttp-chunked-res";

  /** A list of key configurations (RFC 9458 §3.2, §9.1). */
  public static final String OHTTP_KEYS = "application/ohttp-keys";

  private MediaTypes() {}
}
