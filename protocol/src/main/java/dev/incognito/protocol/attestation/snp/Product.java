package dev.incognito.protocol.attestation.snp;

import java.util.Locale;
import java.util.Optional;

/**
 * The AMD EPYC generation that produced a report. It decides the ARK that must end the chain and
 * the layout of TCB_VERSION (Turin moved the fields and added FMC).
 */
public enum Product {
  MILAN("Milan"),
  GENOA("Genoa"),
  TURIN("Turin");

  private final String kdsName;

  Product(String kdsName) {
    this.kdsName = kdsName;
  }

  /** The product name as AMD's Key Distribution Service spells it ({@code Milan}, …). */
  public String kdsName() {
    return kdsName;
  }

  /**
   * The product named by a VCEK's product-name extension ({@code Milan-B0}) or an ARK's common name
   * suffix ({@code ARK-Genoa}).
   */
  public static Optional<Product> fromName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.toLowerCase(Locale.ROOT);
    for (Product p : values()) {
      String k = p.kdsName.toLowerCase(Locale.ROOT);
      if (n.equals(k) || n.startsWith(k + "-") || n.endsWith("-" + k)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
