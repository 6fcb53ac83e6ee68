package io.glusterctl.probe.repair;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes what was written to a file, or the entries of a directory (a file created, renamed or
 * removed in it), durable: {@code fsync(2)}. A port, so that a test can see that every copied file
 * and every renamed name is made durable before the repair deletes the originals: after a power cut
 * a backup must not look complete while it holds empty files, and a peer file must not vanish.
 */
@FunctionalInterface
public interface FileSync {

  /** {@code fsync} of a regular file or a directory ({@code p} is not followed if a link). */
  void force(Path p) throws IOException;

  /** The real thing: the file or directory opened read-only and forced. */
  FileSync SYSTEM =
      p -> {
        try (FileChannel c =
            FileChannel.open(p, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          c.force(true);
        }
      };
}
