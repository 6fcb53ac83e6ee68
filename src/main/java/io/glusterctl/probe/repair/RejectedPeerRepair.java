package io.glusterctl.probe.repair;

import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rejected-peer recovery that converges on glusterd 10.3 (test-fixtures/README.md, "What the
 * repairs showed"), run while this pod's glusterd is stopped (by {@code prestart}, or by hand):
 *
 * <ol>
 *   <li>Confirm from a fresh read-only look at the reference member: it still lists this pod as
 *       {@code Peer Rejected} (drift, amnesia), under another UUID (lost identity), or as {@code
 *       Peer in Cluster} (stuck handshake). Unknown or not confirmed: nothing is touched.
 *   <li>(glusterd is stopped: the kubelet restarted the container after liveness reported it.)
 *   <li>Back up the whole glusterd directory (kept; the oldest pruned by count).
 *   <li>Clear everything but {@code glusterd.info}; for a lost identity write the old UUID back so
 *       that this host's bricks keep their owner.
 *   <li>Rebuild {@code peers/} from the reference's {@code pool list}, every member in state 3; for
 *       a stuck handshake only set the stuck peer's file to state 3.
 *   <li>glusterd starts; later runs verify that every peer reaches {@code Peer in Cluster}.
 * </ol>
 *
 * The documented procedure (clear, start, probe one peer, restart) does not converge on 10.3: both
 * ends stay in {@code Sent and Received peer request}. Writing the peer files before the start
 * does, in one restart.
 *
 * <p>Pure: {@link #plan} decides the steps ({@link RepairStep}) before anything is touched; {@link
 * RepairExecutor} carries them out, and {@code repair --dry-run} prints them.
 *
 * <p>The {@code RepairE2e*Test} end-to-end tests run each kind against real glusterd: drift (also
 * in a pool of two), amnesia, a stuck handshake, a lost PV on a brick host and on a pod without
 * bricks, each converging in one container restart of the repaired pod. A lost identity always gets
 * its old UUID back, bricks or not: the pool's entry for this pod's name is under that UUID, and
 * taking the new one instead would need the pool to detach the old entry (a desired member, which
 * is never detached) and probe the new one.
 */
public final class RejectedPeerRepair {
  private RejectedPeerRepair() {}

  /**
   * Why the reference's view does not confirm the repair, or empty when it does. Pure.
   *
   * @param myUuid this node's UUID from its glusterd.info, if any
   */
  public static Optional<String> notConfirmed(
      RepairKind kind, String myFqdn, Optional<String> myUuid, PoolView refView) {
    Optional<Peer> me = refView.peerNamed(myFqdn);
    if (me.isEmpty() && myUuid.isPresent()) {
      me = refView.peerWithUuid(myUuid.get());
    }
    if (kind == RepairKind.FORGOTTEN) {
      return me.isEmpty()
          ? Optional.empty()
          : Optional.of("the reference still lists this pod as '" + me.get().stateLine() + "'");
    }
    if (me.isEmpty()) {
      return Optional.of("the reference does not list " + myFqdn);
    }
    Peer p = me.get();
    return switch (kind) {
      case DRIFT, AMNESIA ->
          p.state() == PeerState.PEER_REJECTED
              ? Optional.empty()
              : Optional.of(
                  "the reference lists this pod as '" + p.state().text() + "', not rejected");
      case LOST_IDENTITY ->
          myUuid.isPresent() && !p.uuid().equalsIgnoreCase(myUuid.get())
              ? Optional.empty()
              : Optional.of("the reference lists this pod under its current UUID " + p.uuid());
      case FORGOTTEN -> Optional.empty();
      case STUCK_HANDSHAKE ->
          p.state() == PeerState.PEER_IN_CLUSTER
              ? Optional.empty()
              : Optional.of("the reference lists this pod as '" + p.state().text() + "'");
    };
  }

  /** The repair's steps, or why it is not confirmed (then nothing is touched). Pure. */
  public static RepairPlan plan(RepairCase c) {
    RepairCase.Reference ref = c.reference();
    if (!(ref.view() instanceof Observed.Known<PoolView> kv)
        || !(ref.members() instanceof Observed.Known<List<PoolMember>> km)) {
      return refused(
          List.of(),
          "1 confirm: cannot see the reference ("
              + ref.view().unknownWhy().or(ref.members()::unknownWhy).orElse("")
              + "): nothing touched");
    }
    Optional<String> no = notConfirmed(c.kind(), c.myFqdn(), c.myUuid(), kv.value());
    if (no.isPresent()) {
      return refused(List.of(), "1 confirm: not confirmed: " + no.get() + ": nothing touched");
    }
    Optional<Peer> meThere = kv.value().peerNamed(c.myFqdn());
    List<String> checked =
        List.of(
            "1 confirm: the reference lists this pod as "
                + meThere.map(Peer::stateLine).orElse("?"),
            "2 glusterd is stopped (no glusterd process works in "
                + c.glusterdDir()
                + ", nothing listens on its port)");
    List<PoolMember> others =
        km.value().stream().filter(m -> !isMe(m, c.myFqdn(), c.myUuid(), meThere)).toList();
    if (others.isEmpty()) {
      return refused(
          checked, "5 rebuild: the reference's pool list has no other member: nothing touched");
    }
    // names and UUIDs from another glusterd become file names and peer-file lines: check them first
    for (PoolMember m : others) {
      if (!GlusterdStateDir.isUuid(m.uuid()) || !HostNames.isValid(m.hostname())) {
        return refused(
            checked,
            "5 rebuild: the reference's pool list has an entry that is not a UUID and a host name ("
                + printable(m.uuid())
                + " "
                + printable(m.hostname())
                + "): nothing touched");
      }
    }
    Optional<String> stuckPeer = ref.uuid();
    if (c.kind() == RepairKind.STUCK_HANDSHAKE
        && stuckPeer.isPresent()
        && !GlusterdStateDir.isUuid(stuckPeer.get())) {
      return refused(
          checked,
          "5 the stuck peer's UUID is not a UUID ("
              + printable(stuckPeer.get())
              + "): nothing touched");
    }
    List<RepairStep> steps = new ArrayList<>();
    steps.add(new RepairStep.Backup(c.kind().label()));
    if (c.kind() == RepairKind.STUCK_HANDSHAKE) {
      steps.add(new RepairStep.SetInCluster(stuckPeer.orElse("")));
      return new RepairPlan.Steps(c.kind(), checked, steps, Optional.empty());
    }
    steps.add(new RepairStep.Clear());
    if (c.kind() == RepairKind.LOST_IDENTITY && meThere.isPresent()) {
      steps.add(new RepairStep.WriteUuid(meThere.get().uuid()));
    }
    if (c.kind() == RepairKind.FORGOTTEN) {
      return new RepairPlan.Steps(
          c.kind(),
          checked,
          steps,
          Optional.of(
              "5 no peers written: glusterd starts alone and the pool's coordinator probes it"));
    }
    others.forEach(m -> steps.add(new RepairStep.WritePeer(m)));
    return new RepairPlan.Steps(
        c.kind(),
        checked,
        steps,
        Optional.of(
            "6 glusterd starts next; later runs verify every peer reaches Peer in Cluster"));
  }

  /** This pod's own entry in the reference's pool list: by name, by its UUID, or by its old one. */
  private static boolean isMe(
      PoolMember m, String myFqdn, Optional<String> myUuid, Optional<Peer> meThere) {
    return m.hostname().equalsIgnoreCase(myFqdn)
        || myUuid.map(u -> u.equalsIgnoreCase(m.uuid())).orElse(false)
        || meThere.map(p -> p.uuid().equalsIgnoreCase(m.uuid())).orElse(false);
  }

  private static RepairPlan refused(List<String> checked, String why) {
    List<String> lines = new ArrayList<>(checked);
    lines.add(why);
    return new RepairPlan.NotConfirmed(lines);
  }

  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7e]", "?");
    return p.length() > 80 ? p.substring(0, 80) + "..." : p;
  }
}
