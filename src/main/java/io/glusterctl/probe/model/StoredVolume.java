package io.glusterctl.probe.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A volume as glusterd keeps it in its store on this node ({@code /var/lib/glusterd/vols/<name>/}):
 * whether it is started, and the UUID of the peer that hosts each brick. Read from files, so that a
 * run can tell without a gluster call whether this node hosts a brick of a started volume.
 *
 * @param name the volume's name (its directory)
 * @param status {@code status=} of its {@code info} file
 * @param brickHostUuids {@code uuid=} of each file in its {@code bricks/} directory (a brick whose
 *     file has no UUID yet is left out)
 */
public record StoredVolume(String name, Status status, List<String> brickHostUuids) {

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

  public StoredVolume {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    brickHostUuids = List.copyOf(brickHostUuids);
  }

  /** Whether the peer with this UUID hosts a brick of this volume. */
  public boolean hasBrickOn(String uuid) {
    return brickHostUuids.stream().anyMatch(u -> u.equalsIgnoreCase(uuid));
  }
}
