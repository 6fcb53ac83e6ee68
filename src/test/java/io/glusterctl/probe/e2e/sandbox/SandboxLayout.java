package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sandbox's directory {@code /tmp/gsb<4 hex>} and what goes in it before any pod starts: the
 * pod exec helper, the image's entrypoint and {@code glusterd.vol}, and {@code
 * bin/glusterctl-probe}, which execs the packaged program. Also the cleanup of sandboxes whose JVM
 * died without closing them.
 */
record SandboxLayout(String prefix, Path dir) {
  static final Path TMP = Path.of("/tmp");
  static final String OWNER = "owner";
  static final String CLOSED = "closed";

  /** The image's glusterd.vol, which the Dockerfile copies to {@link #GLUSTERD_VOL}. */
  static final String GLUSTERD_VOL_SOURCE = "docker/glusterd.vol";

  /** Where glusterd reads its configuration, in the image and in every sandbox container. */
  static final String GLUSTERD_VOL = "/etc/glusterfs/glusterd.vol";

  static SandboxLayout create(SandboxSettings settings) {
    SecureRandom random = new SecureRandom();
    List<String> namespaces = NetworkNamespaces.list();
    for (int attempt = 0; attempt < 100; attempt++) {
      byte[] b = new byte[2];
      random.nextBytes(b);
      String prefix = "gsb" + HexFormat.of().formatHex(b);
      Path dir = TMP.resolve(prefix);
      if (namespaces.stream().anyMatch(n -> n.startsWith(prefix + "-"))) {
        continue;
      }
      try {
        Files.createDirectory(dir);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        continue;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SandboxLayout layout = new SandboxLayout(prefix, dir);
      layout.populate(settings);
      return layout;
    }
    throw new SandboxException("no free sandbox prefix");
  }

  private void populate(SandboxSettings settings) {
    Path repo = SandboxSettings.repoDir();
    try {
      ProcessHandle me = ProcessHandle.current();
      Files.writeString(
          dir.resolve(OWNER),
          me.pid() + " " + me.info().startInstant().map(Instant::toString).orElse("") + "\n",
          StandardCharsets.UTF_8);
      for (String d : List.of("bin", "pods", "volumes", "dns", "api")) {
        Files.createDirectories(dir.resolve(d));
      }
      copyExecutable(repo.resolve("src/test/sandbox/pod-exec.sh"), dir.resolve("pod-exec.sh"));
      copyExecutable(repo.resolve("docker/entrypoint.sh"), dir.resolve("entrypoint.sh"));
      // glusterd's configuration as the image has it (pod-exec.sh binds it over /etc/glusterfs)
      Files.copy(repo.resolve(GLUSTERD_VOL_SOURCE), dir.resolve("glusterd.vol"));
      Path program = settings.program();
      String quoted = "'" + program.toString().replace("'", "'\\''") + "'";
      writeExecutable(
          dir.resolve("bin/glusterctl-probe"),
          "#!/bin/sh\n"
              + "# The program as the image has it on PATH: the packaged glusterctl-probe.\n"
              + "if [ ! -x "
              + quoted
              + " ]; then\n"
              + "  echo \"glusterctl-probe: \""
              + quoted
              + "\" does not exist (build it: ./mvnw package)\" >&2\n"
              + "  exit 127\n"
              + "fi\n"
              + "exec "
              + quoted
              + " \"$@\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out " + dir, e);
    }
  }

  private static void copyExecutable(Path from, Path to) throws IOException {
    if (!Files.isRegularFile(from)) {
      throw new SandboxException(
          from + " is missing (set -D" + SandboxSettings.REPO_PROPERTY + " to the repository)");
    }
    writeExecutable(to, Files.readString(from, StandardCharsets.UTF_8));
  }

  private static void writeExecutable(Path to, String text) throws IOException {
    Files.writeString(to, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * Every network namespace {@code <prefix>-*}: its processes killed (by PID), then deleted; the
   * switch last.
   */
  static void removeNamespaces(String prefix) {
    List<String> mine =
        NetworkNamespaces.list().stream().filter(n -> n.startsWith(prefix + "-")).toList();
    mine.stream().filter(n -> !n.endsWith("-sw")).forEach(NetworkNamespaces::killAllAndDelete);
    mine.stream().filter(n -> n.endsWith("-sw")).forEach(NetworkNamespaces::killAllAndDelete);
  }

  static void markClosed(Path dir) {
    try {
      Files.writeString(dir.resolve(CLOSED), Instant.now() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      // the directory is gone: nothing to mark
    }
  }

  /**
   * Sandboxes left by a JVM that died (killed, crashed) without closing them: their namespaces and
   * processes are removed. Directories of sandboxes closed more than a day ago are deleted.
   */
  static void reapAbandoned() {
    try (Stream<Path> s = Files.list(TMP)) {
      for (Path dir :
          s.filter(p -> p.getFileName().toString().matches("gsb[0-9a-f]{4}")).toList()) {
        Path owner = dir.resolve(OWNER);
        Path closed = dir.resolve(CLOSED);
        if (Files.exists(closed)) {
          FileTime t = Files.getLastModifiedTime(closed);
          if (t.toInstant().isBefore(Instant.now().minus(Duration.ofDays(1)))) {
            PersistentVolumes.delete(dir);
          }
          continue;
        }
        if (Files.exists(owner) && !ownerAlive(Files.readString(owner, StandardCharsets.UTF_8))) {
          removeNamespaces(dir.getFileName().toString());
          markClosed(dir);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

  private static boolean ownerAlive(String owner) {
    String[] parts = owner.strip().split(" ");
    long pid = Long.parseLong(parts[0]);
    return ProcessHandle.of(pid)
        .map(
            h ->
                parts.length < 2
                    || h.info().startInstant().map(Instant::toString).orElse("").equals(parts[1]))
        .orElse(false);
  }
}
