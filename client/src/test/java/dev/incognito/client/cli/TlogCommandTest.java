package dev.incognito.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TlogCommandTest {

  private static Path notes() {
    Path d =
        Path.of(
            System.getProperty("incognito.shared.dir", "../shared"), "vectors", "tlog", "notes");
    Assumptions.assumeTrue(Files.isDirectory(d), "shared vectors absent: " + d);
    return d;
  }

  private static int run(StringWriter out, String... args) {
    CommandLine cl = IncognitoCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    return cl.execute(args);
  }

  @Test
  void verifyNote_printsOriginSizeAndRootOfARealCheckpoint() throws Exception {
    Path note = notes().resolve("sum.golang.org-checkpoint-6476701.note");
    String key =
        Files.readString(notes().resolve("sum.golang.org-checkpoint-6476701.vkeys")).strip();
    StringWriter out = new StringWriter();
    assertEquals(0, run(out, "tlog", "verify-note", note.toString(), "--key", key));
    assertTrue(out.toString().contains("origin: go.sum database tree"), out.toString());
    assertTrue(out.toString().contains("tree size: 6476701"));
    assertTrue(out.toString().contains("root hash: mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk="));
  }

  @Test
  void verifyNote_failsWithoutAKnownSignerOrOnATamperedNote(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path note = notes().resolve("sum.golang.org-checkpoint-6476701.note");
    String other = Files.readString(notes().resolve("c2sp-signed-note-example.vkeys")).strip();
    StringWriter out = new StringWriter();
    assertEquals(5, run(out, "tlog", "verify-note", note.toString(), "--key", other));
    assertTrue(out.toString().contains("no known key signed the note"), out.toString());
    Path tampered = dir.resolve("tampered.note");
    Files.writeString(tampered, Files.readString(note).replace("6476701", "6476702"));
    String key =
        Files.readString(notes().resolve("sum.golang.org-checkpoint-6476701.vkeys")).strip();
    assertEquals(
        5, run(new StringWriter(), "tlog", "verify-note", tampered.toString(), "--key", key));
  }
}
