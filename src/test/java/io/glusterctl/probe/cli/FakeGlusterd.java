package io.glusterctl.probe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for a glusterd process that works in a directory: a shell script named {@code
 * glusterd} (its {@code comm}) that idles, with glusterd's own option for its directory. What the
 * repair's "is glusterd stopped?" check looks for in /proc.
 */
final class FakeGlusterd implements AutoCloseable {
  private final Process process;

  private FakeGlusterd(Process process) {
    this.process = process;
  }

  /** Starts it from {@code bin} (where its script is written), working in {@code dir}. */
  static FakeGlusterd startIn(Path bin, Path dir) throws IOException {
    Files.createDirectories(bin);
    Path exe = Files.writeString(bin.resolve("glusterd"), "#!/bin/sh\nwhile :; do sleep 1; done\n");
    exe.toFile().setExecutable(true);
    Process p =
        new ProcessBuilder(
                exe.toString(), "--xlator-option", "*.working-directory=" + dir.toAbsolutePath())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long until = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < until
        && !Files.readString(Path.of("/proc/" + p.pid() + "/comm")).strip().equals("glusterd")) {
      Thread.onSpinWait();
    }
    return new FakeGlusterd(p);
  }

  long pid() {
    return process.pid();
  }

  /** Kills it and its children (the script's sleep). */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
