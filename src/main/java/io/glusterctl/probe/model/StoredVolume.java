package io.glusterctl.probe.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A volume as glusterd keeps it in its store on this node ({@code /var/lib/glusterd/vols/<name>/}):
 * whether it is started, and its bricks with the UUID of the peer that hosts each. Read from files,
 * so that a run can tell without a gluster call whether this node hosts a brick of a started
 * volume.
 *
 * @param name the volume's name (its directory)
 * @param status {@code status=} of its {@code info} file
 * @param bricks one per file of its {@code bricks/} directory, in file name order
 */
public record StoredVolume(String name, Status status, List<Brick> bricks) {

  /** glusterd's volume states as it stores them ({@code GLUSTERD_STATUS_*}). */
  public enum Status {
    CREATED(0),
    STARTED(1),
    STOPPED(2);

    private final int code;

    Status(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Optional<Status> fromCode(int code) {
      for (Status s : values()) {
        if (s.code == code) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One brick as a file of {@code bricks/} stores it.
   *
   * @param hostname {@code hostname=}: the name the brick was created with
   * @param path {@code path=}: the brick's directory on its host
   * @param hostUuid {@code uuid=}: the peer that hosts it; empty until glusterd resolved its host
   */
  public record Brick(String hostname, String path, Optional<String> hostUuid) {
    public Brick {
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(hostUuid, "hostUuid");
    }

    /** {@code hostname:path}, the brick's name in every gluster command and listing. */
    public String id() {
      return hostname + ":" + path;
    }

    /** Whether the peer with this UUID hosts it. */
    public boolean on(String uuid) {
      return hostUuid.map(u -> u.equalsIgnoreCase(uuid)).orElse(false);
    }
  }

  public StoredVolume {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    bricks = List.copyOf(bricks);
  }

  /** Whether the peer with this UUID hosts a brick of this volume. */
  public boolean hasBrickOn(String uuid) {
    return bricks.stream().anyMatch(b -> b.on(uuid));
  }

  /** The bricks the peer with this UUID hosts. */
  public List<Brick> bricksOn(String uuid) {
    return bricks.stream().filter(b -> b.on(uuid)).toList();
  }
}
