package dev.incognito.protocol.attestation.nvidia;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An NVIDIA Hopper GPU attestation report: the SPDM 1.1 GET_MEASUREMENTS request followed by its
 * signed MEASUREMENTS response (DMTF DSP0274 1.1 §10.11), parsed by structure.
 *
 * <pre>
 * request  (37 bytes): 0x11 0xE0 param1 param2 ‖ nonce[32] ‖ slot
 * response: 0x11 0x60 param1 param2 ‖ nBlocks ‖ recordLength u24 LE ‖ record ‖ nonce[32] ‖
 *           opaqueLength u16 LE ‖ opaque TLVs (type u16 LE, length u16 LE, value) ‖ signature[96]
 * </pre>
 *
 * The signature is ECDSA P-384 (r‖s, big-endian) over SHA-384 of request ‖ response up to the
 * signature (the SPDM L1 transcript). Bytes after the signature are not signed; they are counted in
 * {@link #trailingBytes()} and otherwise ignored.
 */
public final class SpdmMeasurements {

  /** Largest report accepted, bytes. */
  public static final int MAX_REPORT_BYTES = 64 * 1024;

  public static final int REQUEST_SIZE = 37;
  public static final int NONCE_SIZE = 32;
  public static final int SIGNATURE_SIZE = 96;
  public static final int SPDM_VERSION_11 = 0x11;
  public static final int GET_MEASUREMENTS = 0xE0;
  public static final int MEASUREMENTS = 0x60;
  public static final int DMTF_MEASUREMENT_SPEC = 0x01;

  /** Opaque data types (NVIDIA nvtrust {@code OpaqueDataType}). */
  public static final int OPAQUE_DRIVER_VERSION = 3;

  public static final int OPAQUE_VBIOS_VERSION = 6;
  public static final int OPAQUE_FWID = 20;

  private final byte[] signed;
  private final byte[] requestNonce;
  private final byte[] responderNonce;
  private final List<MeasurementBlock> blocks;
  private final Map<Integer, byte[]> opaque;
  private final byte[] signature;
  private final int trailing;

  private SpdmMeasurements(
      byte[] signed,
      byte[] requestNonce,
      byte[] responderNonce,
      List<MeasurementBlock> blocks,
      Map<Integer, byte[]> opaque,
      byte[] signature,
      int trailing) {
    this.signed = signed;
    this.requestNonce = requestNonce;
    this.responderNonce = responderNonce;
    this.blocks = blocks;
    this.opaque = opaque;
    this.signature = signature;
    this.trailing = trailing;
  }

  /** Parses a report given as hex text (as NVML and nvtrust write it), whitespace ignored. */
  public static SpdmMeasurements parseHex(String hex) throws NvidiaVerificationException {
    String h = hex.replaceAll("\\s", "");
    if (h.length() > 2 * MAX_REPORT_BYTES) {
      throw new NvidiaVerificationException("report exceeds " + MAX_REPORT_BYTES + " bytes");
    }
    try {
      return parse(HexFormat.of().parseHex(h.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new NvidiaVerificationException("report is not hex", e);
    }
  }

  /** Parses a binary report. */
  public static SpdmMeasurements parse(byte[] report) throws NvidiaVerificationException {
    if (report.length > MAX_REPORT_BYTES) {
      throw new NvidiaVerificationException("report exceeds " + MAX_REPORT_BYTES + " bytes");
    }
    byte[] r = report.clone();
    need(r, 0, REQUEST_SIZE + 8, "request and response header");
    if ((r[0] & 0xff) != SPDM_VERSION_11 || (r[1] & 0xff) != GET_MEASUREMENTS) {
      throw new NvidiaVerificationException(
          "report does not start with an SPDM 1.1 GET_MEASUREMENTS");
    }
    if ((r[2] & 0x01) == 0) {
      throw new NvidiaVerificationException("GET_MEASUREMENTS did not request a signature");
    }
    byte[] nonce = Arrays.copyOfRange(r, 4, 4 + NONCE_SIZE);
    int p = REQUEST_SIZE;
    if ((r[p] & 0xff) != SPDM_VERSION_11 || (r[p + 1] & 0xff) != MEASUREMENTS) {
      throw new NvidiaVerificationException("response is not an SPDM 1.1 MEASUREMENTS");
    }
    int nBlocks = r[p + 4] & 0xff;
    int recordLength = (r[p + 5] & 0xff) | (r[p + 6] & 0xff) << 8 | (r[p + 7] & 0xff) << 16;
    p += 8;
    need(r, p, recordLength, "measurement record");
    int recordEnd = p + recordLength;
    List<MeasurementBlock> blocks = new ArrayList<>();
    while (p < recordEnd) {
      need(r, p, 4, "measurement block header");
      int index = r[p] & 0xff;
      int spec = r[p + 1] & 0xff;
      int size = (r[p + 2] & 0xff) | (r[p + 3] & 0xff) << 8;
      p += 4;
      if (size > recordEnd - p) {
        throw new NvidiaVerificationException(
            "measurement block " + index + " overruns the record");
      }
      if (spec != DMTF_MEASUREMENT_SPEC || size < 3) {
        throw new NvidiaVerificationException(
            "measurement block " + index + " is not a DMTF block");
      }
      int type = r[p] & 0xff;
      int valueSize = (r[p + 1] & 0xff) | (r[p + 2] & 0xff) << 8;
      if (valueSize != size - 3) {
        throw new NvidiaVerificationException(
            "measurement block " + index + " value size disagrees with its block size");
      }
      blocks.add(new MeasurementBlock(index, type, Arrays.copyOfRange(r, p + 3, p + size)));
      p += size;
    }
    if (blocks.size() != nBlocks) {
      throw new NvidiaVerificationException(
          "response announces " + nBlocks + " blocks but the record holds " + blocks.size());
    }
    need(r, p, NONCE_SIZE + 2, "responder nonce and opaque length");
    byte[] responderNonce = Arrays.copyOfRange(r, p, p + NONCE_SIZE);
    p += NONCE_SIZE;
    int opaqueLength = (r[p] & 0xff) | (r[p + 1] & 0xff) << 8;
    p += 2;
    need(r, p, opaqueLength, "opaque data");
    int opaqueEnd = p + opaqueLength;
    Map<Integer, byte[]> opaque = new LinkedHashMap<>();
    while (p < opaqueEnd) {
      if (opaqueEnd - p < 4) {
        throw new NvidiaVerificationException("opaque data ends inside a TLV header");
      }
      int type = (r[p] & 0xff) | (r[p + 1] & 0xff) << 8;
      int len = (r[p + 2] & 0xff) | (r[p + 3] & 0xff) << 8;
      p += 4;
      if (len > opaqueEnd - p) {
        throw new NvidiaVerificationException("opaque TLV " + type + " overruns the opaque data");
      }
      opaque.put(type, Arrays.copyOfRange(r, p, p + len));
      p += len;
    }
    need(r, p, SIGNATURE_SIZE, "signature");
    byte[] signed = Arrays.copyOf(r, p);
    byte[] sig = Arrays.copyOfRange(r, p, p + SIGNATURE_SIZE);
    return new SpdmMeasurements(
        signed,
        nonce,
        responderNonce,
        List.copyOf(blocks),
        Collections.unmodifiableMap(opaque),
        sig,
        r.length - p - SIGNATURE_SIZE);
  }

  private static void need(byte[] r, int at, int n, String what)
      throws NvidiaVerificationException {
    if (n < 0 || at + n > r.length) {
      throw new NvidiaVerificationException("report truncated in " + what);
    }
  }

  /** Request ‖ response up to the signature: what the signature covers. */
  public byte[] signedBytes() {
    return signed.clone();
  }

  /** The requester's nonce from GET_MEASUREMENTS. */
  public byte[] requestNonce() {
    return requestNonce.clone();
  }

  public byte[] responderNonce() {
    return responderNonce.clone();
  }

  public List<MeasurementBlock> blocks() {
    return blocks;
  }

  /** An opaque TLV's value by type. */
  public Optional<byte[]> opaque(int type) {
    return Optional.ofNullable(opaque.get(type)).map(byte[]::clone);
  }

  /** The driver version string from the opaque data, when present. */
  public Optional<String> driverVersion() {
    return opaque(OPAQUE_DRIVER_VERSION).map(SpdmMeasurements::cString);
  }

  /** The VBIOS version from the opaque data, when present, as hex. */
  public Optional<String> vbiosVersion() {
    return opaque(OPAQUE_VBIOS_VERSION).map(b -> HexFormat.of().formatHex(b));
  }

  /** ECDSA P-384 r‖s, big-endian. */
  public byte[] signature() {
    return signature.clone();
  }

  public int trailingBytes() {
    return trailing;
  }

  private static String cString(byte[] b) {
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, StandardCharsets.US_ASCII);
  }
}
