package dev.incognito.protocol.attestation.nvidia;

/**
 * One SPDM measurement block (DMTF DSP0274 1.1 §10.11.1, "Measurement block format", with the DMTF
 * measurement specification): index, DMTF value type, and the value.
 *
 * @param index measurement index, 1–254
 * @param valueType DMTFSpecMeasurementValueType (bit 7 = raw bit stream)
 * @param value the measurement, usually a SHA-384 digest (48 bytes)
 */
public record MeasurementBlock(int index, int valueType, byte[] value) {

  public MeasurementBlock {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }
}
