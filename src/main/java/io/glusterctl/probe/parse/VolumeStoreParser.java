package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.StoredVolume;
import java.util.Optional;

/**
 * Reads glusterd's store files of a volume ({@code /var/lib/glusterd/vols/<volume>/}), which are
 * {@code key=value} lines: {@code info} holds {@code status=} (0 created, 1 started, 2 stopped;
 * test-fixtures/store-vol-info-*.txt), each file of {@code bricks/} holds the brick's {@code
 * hostname=}, {@code path=} and, once glusterd resolved its host, {@code uuid=}
 * (test-fixtures/store-brick-*.txt).
 */
public final class VolumeStoreParser {
  /** Larger than any real store file (an info file with every option set is a few KiB). */
  public static final int MAX_CHARS = 256 * 1024;

  private VolumeStoreParser() {}

  /** The volume's status from its {@code info} file. */
  public static StoredVolume.Status status(String info) throws ParseException {
    String s =
        value(info, "status")
            .orElseThrow(() -> new ParseException("volume info file has no status= line"));
    if (!s.matches("[0-9]{1,3}")) {
      throw new ParseException(
          "volume info file: status= is not a number: '" + CliXml.abbreviate(s) + "'");
    }
    return StoredVolume.Status.fromCode(Integer.parseInt(s))
        .orElseThrow(() -> new ParseException("volume info file: unknown status=" + s));
  }

  /**
   * A brick from its {@code bricks/} file: {@code hostname=} and {@code path=} (glusterd writes
   * both when it creates the volume) and {@code uuid=}.
   */
  public static StoredVolume.Brick brick(String brick) throws ParseException {
    String host =
        value(brick, "hostname")
            .filter(h -> !h.isEmpty())
            .orElseThrow(() -> new ParseException("brick file has no hostname= line"));
    String path =
        value(brick, "path")
            .filter(p -> p.startsWith("/"))
            .orElseThrow(() -> new ParseException("brick file has no absolute path= line"));
    return new StoredVolume.Brick(host, path, brickHostUuid(brick));
  }

  /** The UUID of the brick's host from a {@code bricks/} file; empty when it has none yet. */
  public static Optional<String> brickHostUuid(String brick) throws ParseException {
    Optional<String> uuid = value(brick, "uuid");
    if (uuid.isEmpty()
        || uuid.get().isEmpty()
        || uuid.get().equals("00000000-0000-0000-0000-000000000000")) {
      return Optional.empty();
    }
    return Optional.of(Fields.uuid(uuid.get(), "brick file uuid="));
  }

  /** The value of the first {@code key=} line; the text must be {@code key=value} lines. */
  private static Optional<String> value(String text, String key) throws ParseException {
    if (text.length() > MAX_CHARS) {
      throw new ParseException("store file too large: " + text.length() + " characters");
    }
    Optional<String> found = Optional.empty();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ParseException("not a key=value line: '" + CliXml.abbreviate(line) + "'");
      }
      if (found.isEmpty() && line.substring(0, eq).equals(key)) {
        found = Optional.of(line.substring(eq + 1).strip());
      }
    }
    return found;
  }
}
