package dev.incognito.protocol.attestation.nvidia;

import dev.incognito.protocol.attestation.Origin;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A GPU report that verified.
 *
 * @param report the parsed report
 * @param chain leaf (the GPU's attestation key) first, the trusted root last
 * @param nonceChecked whether the caller's nonce was compared with the request's
 * @param origin {@link Origin#VENDOR} when the chain ends in the pinned NVIDIA Device Identity CA
 */
public record NvidiaVerification(
    SpdmMeasurements report, List<X509Certificate> chain, boolean nonceChecked, Origin origin) {

  public NvidiaVerification {
    chain = List.copyOf(chain);
  }
}
