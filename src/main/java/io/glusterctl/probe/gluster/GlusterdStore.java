package io.glusterctl.probe.gluster;

import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.StoredVolume;
import io.glusterctl.probe.parse.ParseException;
import io.glusterctl.probe.parse.VolumeStoreParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The volumes in glusterd's store on this node ({@code <glusterdDir>/vols/}), read from the files
 * glusterd writes on every volume change: no gluster call. A node without a {@code vols/} directory
 * has no volumes; a store that cannot be read (a file that is not what glusterd writes, an I/O
 * error) is Unknown, never "no volumes".
 */
public final class GlusterdStore {
  /** glusterd's volume names: letters, digits, '-' and '_', not starting with '-'. */
  static final Pattern VOLUME_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}");

  /** More volumes than any pool this program is meant for: a store with more is not read. */
  static final int MAX_VOLUMES = 1024;

  private final Path glusterdDir;

  public GlusterdStore(Path glusterdDir) {
    this.glusterdDir = glusterdDir;
  }

  /** Every volume in the store, in name order. */
  public Observed<List<StoredVolume>> volumes() {
    Path vols = glusterdDir.resolve("vols");
    if (!Files.isDirectory(vols, LinkOption.NOFOLLOW_LINKS)) {
      return Files.exists(vols, LinkOption.NOFOLLOW_LINKS)
          ? Observed.unknown(vols + " is not a directory")
          : Observed.known(List.of());
    }
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(vols)) {
      for (Path d : s) {
        if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
          dirs.add(d);
        }
        if (dirs.size() > MAX_VOLUMES) {
          return Observed.unknown(vols + ": more than " + MAX_VOLUMES + " volumes");
        }
      }
    } catch (IOException e) {
      return Observed.unknown("cannot list " + vols + ": " + e.getMessage());
    }
    dirs.sort(null);
    List<StoredVolume> out = new ArrayList<>();
    for (Path d : dirs) {
      String name = d.getFileName().toString();
      if (!VOLUME_NAME.matcher(name).matches()) {
        return Observed.unknown(vols + ": '" + name + "' is not a volume name");
      }
      try {
        out.add(read(name, d));
      } catch (IOException | ParseException e) {
        return Observed.unknown("volume " + name + " in " + vols + ": " + e.getMessage());
      }
    }
    return Observed.known(out);
  }

  private static StoredVolume read(String name, Path dir) throws IOException, ParseException {
    StoredVolume.Status status;
    try {
      status = VolumeStoreParser.status(text(dir.resolve("info")));
    } catch (NoSuchFileException e) {
      // glusterd writes info when it creates the volume; a directory without it is being made
      throw new ParseException("no info file");
    }
    List<StoredVolume.Brick> bricks = new ArrayList<>();
    Path brickDir = dir.resolve("bricks");
    if (Files.isDirectory(brickDir, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(brickDir)) {
        s.forEach(files::add);
      }
      files.sort(null);
      for (Path f : files) {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          bricks.add(VolumeStoreParser.brick(text(f)));
        }
      }
    }
    return new StoredVolume(name, status, bricks);
  }

  private static String text(Path f) throws IOException, ParseException {
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(f.toString());
    }
    if (Files.size(f) > VolumeStoreParser.MAX_CHARS) {
      throw new ParseException(f + " is larger than a store file");
    }
    return Files.readString(f, StandardCharsets.UTF_8);
  }
}
