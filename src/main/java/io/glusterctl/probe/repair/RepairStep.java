package io.glusterctl.probe.repair;

import java.nio.file.Path;

/**
 * One change a repair makes to glusterd's working directory, as planned ({@link
 * RejectedPeerRepair#plan}) and then carried out ({@link RepairExecutor}). The number that starts
 * each line is the step of the recovery it belongs to (README, "Repair").
 */
public sealed interface RepairStep {

  /** The line a dry run prints for this step in the directory {@code dir}. */
  String planned(Path dir);

  /** Copy the whole directory to the backups, named after the repair's kind. */
  record Backup(String label) implements RepairStep {
    @Override
    public String planned(Path dir) {
      return "3 back up " + dir;
    }
  }

  /**
   * Delete everything but {@code glusterd.info} and the package's {@code hooks/}, {@code groups/}.
   */
  record Clear() implements RepairStep {
    @Override
    public String planned(Path dir) {
      return "4 clear " + dir + " except glusterd.info, hooks/, groups/";
    }
  }

  /** Write this node's old UUID back into {@code glusterd.info} (a lost identity). */
  record WriteUuid(String uuid) implements RepairStep {
    @Override
    public String planned(Path dir) {
      return "4 write back old UUID " + uuid;
    }
  }

  /** Write {@code peers/<uuid>} for a member, in state 3 (Peer in Cluster). */
  record WritePeer(PoolMember member) implements RepairStep {
    @Override
    public String planned(Path dir) {
      return "5 write peers/" + member.uuid() + " state=3 hostname1=" + member.hostname();
    }
  }

  /** Set {@code state=3} in the existing {@code peers/<uuid>} (a stuck handshake). */
  record SetInCluster(String uuid) implements RepairStep {
    @Override
    public String planned(Path dir) {
      return "5 set state=3 in peers/" + (uuid.isEmpty() ? "?" : uuid);
    }
  }
}
