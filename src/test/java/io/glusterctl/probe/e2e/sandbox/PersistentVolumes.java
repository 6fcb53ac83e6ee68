package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PersistentVolumes of the StatefulSet's {@code volumeClaimTemplates}: one directory per
 * ordinal ({@code data-<pod>}), made when the first pod with that ordinal is, and kept across
 * container restarts, pod deletes, reschedules, scale-down and scale-up (a StatefulSet never
 * deletes its PVCs). A volume is lost only when a test says so ({@link #lose(int)}).
 *
 * <p>Each volume holds {@code glusterd/} (mounted at {@code /var/lib/glusterd}), {@code probe/}
 * ({@code /var/lib/glusterctl-probe}) and {@code bricks/} ({@code /bricks}).
 */
final class PersistentVolumes {
  static final List<String> MOUNTS = List.of("glusterd", "probe", "bricks");

  private static final Set<PosixFilePermission> PROVISIONED_MODE =
      PosixFilePermissions.fromString("rwxrwxrwx");

  private final Path root;
  private final String statefulSet;

  PersistentVolumes(Path root, String statefulSet) {
    this.root = root;
    this.statefulSet = statefulSet;
  }

  /**
   * The volume of {@code ordinal}, provisioned (empty) when it does not exist yet.
   *
   * <p>Simulated: the provisioner makes the volume's root 0777, as rancher's local-path-provisioner
   * does ({@code mkdir -m 0777}), and the kubelet makes each missing subPath directory with the
   * root's mode (its {@code SafeMakeDir} with the mode of the volume path, set by {@code fchmod},
   * so no umask applies). The image's entrypoint must cope with a state directory others may write
   * to.
   */
  Path claim(int ordinal) {
    Path v = path(ordinal);
    try {
      if (!Files.isDirectory(v)) {
        Files.createDirectories(v);
        Files.setPosixFilePermissions(v, PROVISIONED_MODE);
      }
      for (String m : MOUNTS) {
        Path sub = v.resolve(m);
        if (!Files.isDirectory(sub)) {
          Files.createDirectory(sub);
          Files.setPosixFilePermissions(sub, Files.getPosixFilePermissions(v));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return v;
  }

  Path path(int ordinal) {
    return root.resolve("data-" + statefulSet + "-" + ordinal);
  }

  boolean exists(int ordinal) {
    return Files.isDirectory(path(ordinal));
  }

  /** The disk is gone: everything on the volume of {@code ordinal} is deleted. */
  void lose(int ordinal) {
    delete(path(ordinal));
  }

  static void delete(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
