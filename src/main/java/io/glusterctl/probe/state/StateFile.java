package io.glusterctl.probe.state;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonWriter;
import io.glusterctl.probe.json.JsonDocument;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A small key/value file, JSON, written atomically: a temporary file in the same directory (mode
 * 0600), written, fsynced, renamed over the old one, and the directory fsynced. A reader sees the
 * old content or the new, never half of it.
 *
 * <pre>
 * {"format":"glusterctl-probe-state","version":1,"entries":{"memory.disconnectedSince.&lt;uuid&gt;":"2025-..."}}
 * </pre>
 */
public final class StateFile {
  static final String FORMAT = "glusterctl-probe-state";
  static final int VERSION = 1;
  static final String TEMP_SUFFIX = ".tmp";
  static final int MAX_BYTES = 1024 * 1024;

  private final Path path;

  public StateFile(Path path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  public Path path() {
    return path;
  }

  /**
   * The entries, sorted by key; empty with a warning when the file is missing, unreadable or
   * corrupt.
   */
  public Loaded<Map<String, String>> read() {
    byte[] bytes;
    try {
      // never a link or a device: a link to /dev/zero would be read until the heap runs out
      BasicFileAttributes a =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        return empty(
            Loaded.Status.UNREADABLE,
            "cannot read state file "
                + path
                + ": "
                + (a.isSymbolicLink()
                    ? "a symbolic link"
                    : a.isDirectory() ? "a directory" : "not a regular file")
                + "; starting fresh");
      }
      bytes = readAtMost(path, MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        return empty(
            Loaded.Status.CORRUPT, "state file " + path + " is larger than 1 MiB; starting fresh");
      }
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        // replaced between the check and the open
        return empty(
            Loaded.Status.UNREADABLE,
            "cannot read state file " + path + ": not a regular file; starting fresh");
      }
    } catch (NoSuchFileException e) {
      return empty(Loaded.Status.MISSING, "no state file " + path + " yet; starting fresh");
    } catch (IOException | SecurityException e) {
      return empty(
          Loaded.Status.UNREADABLE,
          "cannot read state file " + path + ": " + reason(e) + "; starting fresh");
    }
    return decode(new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * At most {@code max} bytes of the file, never blocking on what is not a regular file. Java
   * cannot open a file non-blocking ({@code O_NONBLOCK}), and opening a FIFO for reading blocks
   * until a writer comes; the type checked before the open may have changed by then. Opened for
   * reading and writing (without creating or truncating: nothing is written), a FIFO opens at once
   * on Linux, and only as many bytes as the open file's size ({@code fstat}) are read: 0 for a FIFO
   * or a device. A file that cannot be opened for writing (a read-only file system, a read-only
   * file) is opened for reading only; that is what a FIFO swapped in there can still block.
   */
  static byte[] readAtMost(Path p, int max) throws IOException {
    try (FileChannel in = openWithoutBlocking(p)) {
      int want = (int) Math.min(max, in.size());
      ByteBuffer buf = ByteBuffer.allocate(want);
      while (buf.hasRemaining()) {
        if (in.read(buf) < 0) {
          break;
        }
      }
      return java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  private static FileChannel openWithoutBlocking(Path p) throws IOException {
    try {
      return FileChannel.open(
          p, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (AccessDeniedException e) {
      return FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (FileSystemException e) {
      if (!"Read-only file system".equals(e.getReason())) {
        throw e;
      }
      return FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** Replaces the file's content with these entries, atomically. */
  public WriteResult write(Map<String, String> entries) {
    byte[] bytes = encode(entries).getBytes(StandardCharsets.UTF_8);
    Path dir = path.toAbsolutePath().getParent();
    Path temp = null;
    try {
      temp =
          Files.createTempFile(
              dir,
              path.getFileName() + ".",
              TEMP_SUFFIX,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        out.force(true);
      }
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
      return WriteResult.WRITTEN;
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return WriteResult.failed("cannot write state file " + path + ": " + reason(e));
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // removed with the other leftovers by the next run that holds the lock
        }
      }
    }
  }

  /** The JSON text of these entries. */
  static String encode(Map<String, String> entries) {
    JsonObject e = new JsonObject();
    new TreeMap<>(entries).forEach(e::put);
    JsonObject doc = new JsonObject();
    doc.put("format", FORMAT);
    doc.put("version", VERSION);
    doc.put("entries", e);
    return JsonWriter.indent("  ").string().value(doc).done() + "\n";
  }

  /** The entries of a state file's text; CORRUPT when it is not one. */
  static Loaded<Map<String, String>> decode(String text) {
    JsonObject doc;
    try {
      doc = JsonDocument.object(text);
    } catch (JsonDocument.Unreadable e) {
      return empty(
          Loaded.Status.CORRUPT, "state file is not JSON (" + e.getMessage() + "); starting fresh");
    }
    if (!FORMAT.equals(doc.get("format"))) {
      return empty(Loaded.Status.CORRUPT, "not a glusterctl-probe state file; starting fresh");
    }
    if (!(doc.get("version") instanceof Number v) || v.intValue() != VERSION) {
      return empty(
          Loaded.Status.CORRUPT,
          "state file version " + doc.get("version") + " is not " + VERSION + "; starting fresh");
    }
    if (!(doc.get("entries") instanceof JsonObject entries)) {
      return empty(Loaded.Status.CORRUPT, "state file has no entries; starting fresh");
    }
    Map<String, String> out = new TreeMap<>();
    List<String> warnings = new java.util.ArrayList<>();
    entries.forEach(
        (k, value) -> {
          if (value instanceof String s) {
            out.put(k, s);
          } else {
            warnings.add("state entry " + k + " is not a string; left out");
          }
        });
    return new Loaded<>(out, Loaded.Status.FOUND, warnings);
  }

  private static Loaded<Map<String, String>> empty(Loaded.Status status, String why) {
    return new Loaded<>(Map.of(), status, List.of(why));
  }

  /** {@code No space left on device}, {@code Read-only file system}, {@code Permission denied}. */
  static String reason(Exception e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
