package dev.incognito.protocol.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseEntryTest {

  @Test
  void encode_isTheDocumentedTextAndRoundTrips() throws Exception {
    byte[] digest = new byte[32];
    digest[31] = 1;
    ReleaseEntry e = new ReleaseEntry("model-weights", "stories260K.bin", digest);
    String expected =
        "incognito-release/v1\nkind model-weights\nname stories260K.bin\nsha256 "
            + "0".repeat(63)
            + "1\n";
    assertEquals(expected, new String(e.encode(), StandardCharsets.US_ASCII));
    assertArrayEquals(digest, ReleaseEntry.decode(e.encode()).sha256());
  }

  @Test
  void decode_rejectsAnythingNotCanonical() {
    String good =
        "incognito-release/v1\nkind ear\nname incognito.ear\nsha256 " + "ab".repeat(32) + "\n";
    for (String bad :
        List.of(
            good.replace("v1", "v2"),
            good.replace("ear\n", "tarball\n"),
            good.replace("ab", "AB"),
            good.substring(0, good.length() - 1),
            good + "\n",
            good.replace("name incognito.ear", "name "),
            good.replace("kind ear", "kind  ear"))) {
      assertThrows(
          LogVerificationException.class,
          () -> ReleaseEntry.decode(bad.getBytes(StandardCharsets.US_ASCII)),
          bad);
    }
  }
}
