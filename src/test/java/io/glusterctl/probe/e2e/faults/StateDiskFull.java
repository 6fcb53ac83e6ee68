package io.glusterctl.probe.e2e.faults;

import io.glusterctl.probe.e2e.sandbox.Command;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small disk for one pod's state directory: a tmpfs of {@code size} mounted over {@code
 * <volume>/probe} (what every command of the pod sees as {@code /var/lib/glusterctl-probe}), with
 * what was there copied onto it, while the pod's container is stopped (one restart of the pod).
 * {@link #fill()} writes a filler file until the disk is full, {@link #free()} deletes it. Closing
 * unmounts it (lazily when something still holds it): the directory then shows what it held before
 * the mount; a shutdown hook unmounts it if the JVM is stopped first. The mount is made in the
 * sandbox's own directory only, named {@code <prefix>-state-<ordinal>}.
 */
final class StateDiskFull implements AutoCloseable {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final Sandbox sandbox;
  private final Path dir;
  private final Path saved;
  private final Thread hook;
  private boolean mounted;

  private StateDiskFull(Sandbox sandbox, int ordinal) {
    this.sandbox = sandbox;
    this.dir = sandbox.volume(ordinal).resolve("probe");
    this.saved = sandbox.volume(ordinal).resolve("probe.before-tmpfs");
    this.hook = new Thread(this::unmount, "state-disk-full-" + ordinal);
  }

  /**
   * Mounts a tmpfs of {@code size} (e.g. {@code 256k}) over pod {@code ordinal}'s state directory.
   */
  static StateDiskFull mount(Sandbox sandbox, int ordinal, String size) {
    StateDiskFull d = new StateDiskFull(sandbox, ordinal);
    // A running container keeps the mounts it started with (its mount namespace is private, a
    // container runtime's default), as a pod keeps the volume it was started with: the small disk
    // is attached while the container is down, and the container started again sees it, as every
    // later restart does.
    sandbox.faults().stopContainer(ordinal);
    try {
      copyTree(d.dir, d.saved);
      Runtime.getRuntime().addShutdownHook(d.hook);
      Command.run(
              DEADLINE,
              "mount",
              "-t",
              "tmpfs",
              "-o",
              "size=" + size + ",mode=0700",
              sandbox.prefix() + "-state-" + ordinal,
              d.dir.toString())
          .orThrow();
      d.mounted = true;
      copyTree(d.saved, d.dir);
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    } finally {
      sandbox.faults().startContainer(ordinal);
    }
    sandbox
        .log()
        .event(
            "fault: state directory of " + sandbox.podName(ordinal) + " on a " + size + " tmpfs");
    return d;
  }

  /** Writes a filler file until the disk is full; returns how many bytes it took. */
  long fill() {
    long written = 0;
    byte[] block = new byte[4096];
    try (OutputStream out =
        Files.newOutputStream(
            dir.resolve("filler"), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      while (true) {
        out.write(block);
        written += block.length;
      }
    } catch (IOException full) {
      // No space left on device
    }
    // tmpfs may still hold a partial page for a small file: fill that too, a byte at a time
    for (int i = 0; i < 64; i++) {
      try {
        Files.write(dir.resolve("filler-" + i), new byte[1], StandardOpenOption.CREATE_NEW);
      } catch (IOException full) {
        break;
      }
    }
    sandbox.log().event("fault: state disk full (" + written + " bytes of filler)");
    return written;
  }

  /** Deletes the filler: the disk has room again. */
  void free() {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("filler")).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sandbox.log().event("state disk has room again");
  }

  /** What the directory holds now (names and sizes), for failure messages and figures. */
  String listing() {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted().toList()) {
        if (!p.equals(dir) && !p.getFileName().toString().startsWith("filler")) {
          b.append(dir.relativize(p))
              .append(Files.isDirectory(p) ? "/" : "(" + Files.size(p) + ")")
              .append(' ');
        }
      }
    } catch (IOException e) {
      b.append(e);
    }
    return b.toString().strip();
  }

  @Override
  public void close() {
    unmount();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs
    }
  }

  private synchronized void unmount() {
    if (mounted) {
      CommandResult r = Command.run(DEADLINE, "umount", dir.toString());
      if (!r.ok()) {
        Command.run(DEADLINE, "umount", "-l", dir.toString());
      }
      mounted = false;
      sandbox.log().event("state directory tmpfs unmounted");
    }
    try {
      // under the mount the directory kept what it had; the copy is not needed any more
      if (Files.isDirectory(saved)) {
        deleteTree(saved);
      }
    } catch (IOException e) {
      // the sandbox directory stays for post-mortems; nothing outside it was touched
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(
              p,
              t,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  static List<String> mountsOf(Sandbox sandbox) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
        .filter(l -> l.startsWith(sandbox.prefix() + "-state-"))
        .toList();
  }
}
