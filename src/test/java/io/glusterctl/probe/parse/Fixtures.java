package io.glusterctl.probe.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The captured CLI outputs in {@code test-fixtures/}, and the names and UUIDs they hold. */
final class Fixtures {
  static final Path DIR = Path.of("test-fixtures");

  // the three pods of capture.sh's last run
  static final String F0 = "glusterfs-0.glusterfs.default.svc.cluster.local";
  static final String F1 = "glusterfs-1.glusterfs.default.svc.cluster.local";
  static final String F2 = "glusterfs-2.glusterfs.default.svc.cluster.local";
  static final String F1_UPPER = "GLUSTERFS-1.GLUSTERFS.DEFAULT.SVC.CLUSTER.LOCAL";
  static final String F1_SHORT = "glusterfs-1";
  static final String U0 = "0eb3bacf-13ce-452a-8eb7-f74357da77ef";
  static final String U1 = "ebb353ee-8f0a-481a-b685-00761eac2483";
  static final String U2 = "59678370-3ef4-4338-a0b4-e60a08cdaa7c";

  private Fixtures() {}

  /** What the CLI printed on stdout. */
  static String read(String name) {
    try {
      return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the CLI printed on stderr, when it printed anything there. */
  static Optional<String> stderr(String name) {
    Path p = DIR.resolve(name + ".stderr");
    return Files.exists(p) ? Optional.of(read(name + ".stderr")) : Optional.empty();
  }

  /** Every fixture: the CLI's stdout files (not the .stderr ones, the README or the script). */
  static List<String> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt") || n.endsWith(".xml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
