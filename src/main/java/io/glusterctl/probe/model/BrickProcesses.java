package io.glusterctl.probe.model;

import java.util.List;

/**
 * The brick processes of every started volume ({@code gluster volume status all --xml}); a volume
 * that is not started is not listed, since glusterd runs no process for it.
 *
 * @param bricks every brick of every started volume
 */
public record BrickProcesses(List<Brick> bricks) {
  /**
   * One brick and whether its process runs.
   *
   * @param volume the volume's name
   * @param host the host that serves it
   * @param path the brick's directory
   * @param hostUuid the UUID of that host
   * @param online whether its process runs ({@code <status>1</status>})
   */
  public record Brick(String volume, String host, String path, String hostUuid, boolean online) {}

  public BrickProcesses {
    bricks = List.copyOf(bricks);
  }

  /** The bricks of the peer with this UUID or one of these names. */
  public List<Brick> of(Peer peer) {
    return bricks.stream()
        .filter(b -> b.hostUuid().equalsIgnoreCase(peer.uuid()) || peer.knownAs(b.host()))
        .toList();
  }
}
