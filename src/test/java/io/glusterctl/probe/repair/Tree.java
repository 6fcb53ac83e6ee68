package io.glusterctl.probe.repair;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A directory tree on disk, for tests: snapshots that compare by content, and ways to build one.
 */
final class Tree {
  private Tree() {}

  /**
   * Every entry under {@code root} (links not followed): relative path to {@code dir}, {@code link
   * -> target} or {@code file <sha-256>}, each with its mode.
   */
  static Map<String, String> snapshot(Path root) {
    Map<String, String> m = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return m;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a)
                throws IOException {
              m.put(rel(d), "dir " + mode(d));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              if (a.isSymbolicLink()) {
                m.put(rel(f), "link -> " + Files.readSymbolicLink(f));
              } else {
                m.put(rel(f), "file " + sha256(Files.readAllBytes(f)) + " " + mode(f));
              }
              return FileVisitResult.CONTINUE;
            }

            private String rel(Path p) {
              String r = root.relativize(p).toString();
              return r.isEmpty() ? "." : r;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  static String mode(Path p) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    return PosixFilePermissions.toString(perms);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
