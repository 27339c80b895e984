package dev.incognito.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every kernel source shipped in the jar with this machine's {@code nvcc} for Hopper
 * ({@code sm_90}), warnings as errors. NVRTC compiles the same text at run time; this catches
 * errors without a GPU. Skips only where {@code nvcc} is absent.
 */
class KernelSourcesCompileTest {

  @TempDir Path tmp;

  @Test
  void everyKernelSource_compilesWithoutWarningsForSm90() throws Exception {
    Optional<Path> nvcc = nvcc();
    assumeTrue(nvcc.isPresent(), "nvcc not found on PATH, in CUDA_HOME or /usr/local/cuda");
    assertEquals(List.of("attention.cu", "layers.cu", "matmul.cu"), KernelSources.NAMES);
    for (String name : KernelSources.NAMES) {
      Path src = tmp.resolve(name);
      Files.writeString(src, KernelSources.read(name), StandardCharsets.UTF_8);
      Path ptx = tmp.resolve(name + ".ptx");
      Process p =
          new ProcessBuilder(
                  nvcc.get().toString(),
                  "-ptx",
                  "-arch=sm_90",
                  "-Werror",
                  "all-warnings",
                  "-o",
                  ptx.toString(),
                  src.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), name + ": nvcc did not finish");
      assertEquals(0, p.exitValue(), name + ": nvcc failed:\n" + out);
      assertFalse(out.toLowerCase().contains("warning"), name + ": nvcc warned:\n" + out);
      String text = Files.readString(ptx);
      for (String kernel : KernelSources.kernelsOf(name)) {
        assertTrue(text.contains(".entry " + kernel + "("), name + ": no entry point " + kernel);
      }
    }
  }

  static Optional<Path> nvcc() throws IOException {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, "nvcc");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    String home = System.getenv("CUDA_HOME");
    for (String dir : new String[] {home, "/usr/local/cuda"}) {
      if (dir != null && Files.isExecutable(Path.of(dir, "bin", "nvcc"))) {
        return Optional.of(Path.of(dir, "bin", "nvcc"));
      }
    }
    return Optional.empty();
  }
}
