package io.glusterctl.probe.gluster;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The port for asking whether a brick's directory is gone from this node: glusterd does not make
 * brick directories when it starts a brick, so a brick whose directory is gone (a lost or replaced
 * PersistentVolume) stays offline until someone resets it.
 */
public interface BrickDirectories {
  /**
   * Whether there is nothing at {@code path}: true only when the file system says so (a directory
   * that cannot be looked at is not "missing").
   */
  boolean missing(String path);

  /** This node's file system, as the program sees it (the container's, where glusterd runs). */
  static BrickDirectories onThisNode() {
    return path -> {
      try {
        return Files.notExists(Path.of(path));
      } catch (InvalidPathException e) {
        return false;
      }
    };
  }
}
