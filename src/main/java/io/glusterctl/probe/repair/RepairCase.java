package io.glusterctl.probe.repair;

import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.parse.PoolList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a repair is planned from: the request, this pod, and fresh read-only looks at the reference.
 *
 * @param kind what went wrong
 * @param myFqdn this pod's name
 * @param myUuid this node's UUID from its {@code glusterd.info}, if any
 * @param glusterdDir this node's glusterd directory, which the repair changes
 * @param reference the member the repair rebuilds from, as it answers now
 */
public record RepairCase(
    RepairKind kind,
    String myFqdn,
    Optional<String> myUuid,
    Path glusterdDir,
    Reference reference) {

  /**
   * The reference's answers.
   *
   * @param view its {@code peer status}
   * @param members its {@code pool list}, itself included (under its own name)
   * @param uuid its own UUID: for a stuck handshake, the peer whose file is set to state 3
   */
  public record Reference(
      Observed<PoolView> view, Observed<List<PoolMember>> members, Optional<String> uuid) {

    /** From the reference's answers; its {@code localhost} row becomes {@code name}. */
    public static Reference of(String name, Observed<PoolView> view, Observed<PoolList> list) {
      return new Reference(
          view,
          list.map(
              l ->
                  l.entries().stream()
                      .map(e -> new PoolMember(e.uuid(), e.local() ? name : e.hostname()))
                      .toList()),
          list.known().map(PoolList::localUuid));
    }
  }
}
