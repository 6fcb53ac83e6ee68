package io.glusterctl.probe.parse;

import java.util.List;
import java.util.Objects;

/**
 * {@code gluster pool list}: every member of the pool with its UUID, including this node, which
 * glusterd lists last under the name {@code localhost}. There is no state: a rejected peer shows
 * {@code Connected}.
 *
 * @param localUuid the UUID of the node that answered (the {@code localhost} entry)
 * @param entries every entry, in glusterd's order, the {@code localhost} entry included
 */
public record PoolList(String localUuid, List<Entry> entries) {
  /** The name glusterd gives the node that answers. */
  public static final String LOCALHOST = "localhost";

  /**
   * One row.
   *
   * @param uuid the member's UUID
   * @param hostname its primary name, or {@code localhost} for the node that answered
   * @param connected whether the answering node has a live connection to it
   */
  public record Entry(String uuid, String hostname, boolean connected) {
    public Entry {
      Objects.requireNonNull(uuid, "uuid");
      Objects.requireNonNull(hostname, "hostname");
    }

    /** The node that answered. */
    public boolean local() {
      return hostname.equals(LOCALHOST);
    }
  }

  public PoolList {
    Objects.requireNonNull(localUuid, "localUuid");
    entries = List.copyOf(entries);
  }

  /** The entries other than the node that answered. */
  public List<Entry> others() {
    return entries.stream().filter(e -> !e.local()).toList();
  }
}
