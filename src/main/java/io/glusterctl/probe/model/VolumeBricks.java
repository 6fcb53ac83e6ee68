package io.glusterctl.probe.model;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bricks of every volume this node knows ({@code gluster volume info --xml}).
 *
 * @param bricks every brick of every volume
 */
public record VolumeBricks(List<Brick> bricks) {
  /**
   * One brick.
   *
   * @param volume the volume's name
   * @param host the host part of {@code host:/path}
   * @param path the path part
   * @param hostUuid the UUID of the peer that hosts it ({@code <hostUuid>})
   */
  public record Brick(String volume, String host, String path, String hostUuid) {}

  public VolumeBricks {
    bricks = List.copyOf(bricks);
  }

  public static final VolumeBricks NONE = new VolumeBricks(List.of());

  /** Whether the peer hosts at least one brick, matched by UUID or by any of its names. */
  public boolean hosts(Peer peer) {
    for (Brick b : bricks) {
      if (b.hostUuid() != null && b.hostUuid().equalsIgnoreCase(peer.uuid())) {
        return true;
      }
      if (peer.knownAs(b.host())) {
        return true;
      }
    }
    return false;
  }

  public Set<String> volumes() {
    return bricks.stream()
        .map(Brick::volume)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
