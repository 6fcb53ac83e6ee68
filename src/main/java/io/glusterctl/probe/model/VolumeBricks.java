package io.glusterctl.probe.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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

  /** Whether this peer hosts at least one brick ({@link #hostedBy}). */
  public boolean hosts(Self self, Peer peer) {
    return hostedBy(self, Optional.of(peer.uuid()), peer.hostnames());
  }

  /** Whether this pod hosts at least one brick ({@link #hostedBy}). */
  public boolean hostsSelf(Self self, Optional<String> selfUuid) {
    return hostedBy(self, selfUuid, List.of(self.fqdn()));
  }

  /**
   * The one rule for "hosts bricks": a brick is a member's when its {@code <hostUuid>} is the
   * member's UUID, or its host is one of the member's names, or names the same pod of the
   * StatefulSet ({@code glusterfs-1}, {@code glusterfs-1.glusterfs}, the FQDN; any case). Safety
   * first: any one of them is enough, so that no brick host is ever taken for one without bricks.
   */
  private boolean hostedBy(Self self, Optional<String> uuid, List<String> names) {
    return bricks.stream().anyMatch(b -> isHostedBy(b, self, uuid, names));
  }

  /** The bricks this peer hosts, by the one rule of {@link #hostedBy}. */
  public List<Brick> hostedBy(Self self, Peer peer) {
    return bricks.stream()
        .filter(b -> isHostedBy(b, self, Optional.of(peer.uuid()), peer.hostnames()))
        .toList();
  }

  private static boolean isHostedBy(Brick b, Self self, Optional<String> uuid, List<String> names) {
    if (b.hostUuid() != null && uuid.map(u -> u.equalsIgnoreCase(b.hostUuid())).orElse(false)) {
      return true;
    }
    for (String name : names) {
      OptionalInt pod = self.ordinalOf(name);
      if (HostNames.normalize(name).equals(HostNames.normalize(b.host()))
          || pod.isPresent() && pod.equals(self.ordinalOf(b.host()))) {
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
