package io.glusterctl.probe.repair;

import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rejected-peer recovery that converges on glusterd 10.3 (measured in the lab and proven in the
 * sandbox), run while this pod's glusterd is stopped (by {@code prestart}, or by hand):
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
 * <p>Proven against real glusterd by the {@code RepairE2e*Test} end-to-end tests: drift (also in a
 * pool of two), amnesia, a stuck handshake, a lost PV on a brick host and on a pod without bricks,
 * each converging in one container restart of the repaired pod. A lost identity always gets its old
 * UUID back, bricks or not: the pool's entry for this pod's name is under that UUID, and taking the
 * new one instead would need the pool to detach the old entry (a desired member, which is never
 * detached) and probe the new one.
 */
public final class RejectedPeerRepair {
  /** What the repair did. */
  public enum Status {
    DONE,
    DRY_RUN,
    NOT_CONFIRMED,
    FAILED
  }

  /**
   * @param status how it ended
   * @param steps each step, as a line a person reads
   * @param backup where the backup went, if one was made
   */
  public record Result(Status status, List<String> steps, Optional<Path> backup) {}

  private final GlusterdStateDir state;
  private final int keepBackups;
  private final Optional<Path> seriesBackup;

  public RejectedPeerRepair(GlusterdStateDir state, int keepBackups) {
    this(state, keepBackups, Optional.empty());
  }

  /**
   * @param keepBackups how many backups are kept, the newest ones
   * @param seriesBackup the backup of this series' first attempt, kept while the series lasts
   */
  public RejectedPeerRepair(GlusterdStateDir state, int keepBackups, Optional<Path> seriesBackup) {
    this.state = state;
    this.keepBackups = keepBackups;
    this.seriesBackup = seriesBackup;
  }

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

  /**
   * Runs the repair.
   *
   * @param kind what went wrong
   * @param myFqdn this pod's name
   * @param myUuid this node's UUID from glusterd.info
   * @param refView the reference's {@code peer status}, read now
   * @param refMembers the reference's {@code pool list} (itself included), read now
   * @param stuckPeerUuid for a stuck handshake: the peer whose file is set to state 3
   */
  public Result run(
      RepairKind kind,
      String myFqdn,
      Optional<String> myUuid,
      Observed<PoolView> refView,
      Observed<List<PoolMember>> refMembers,
      Optional<String> stuckPeerUuid,
      boolean dryRun,
      Instant now) {
    List<String> steps = new ArrayList<>();
    if (!(refView instanceof Observed.Known<PoolView> kv)
        || !(refMembers instanceof Observed.Known<List<PoolMember>> km)) {
      steps.add(
          "1 confirm: cannot see the reference ("
              + refView.unknownWhy().or(refMembers::unknownWhy).orElse("")
              + "): nothing touched");
      return new Result(Status.NOT_CONFIRMED, steps, Optional.empty());
    }
    Optional<String> no = notConfirmed(kind, myFqdn, myUuid, kv.value());
    if (no.isPresent()) {
      steps.add("1 confirm: not confirmed: " + no.get() + ": nothing touched");
      return new Result(Status.NOT_CONFIRMED, steps, Optional.empty());
    }
    Optional<Peer> meThere = kv.value().peerNamed(myFqdn);
    steps.add(
        "1 confirm: the reference lists this pod as " + meThere.map(Peer::stateLine).orElse("?"));
    steps.add(
        "2 glusterd is stopped (no glusterd process works in "
            + state.dir()
            + ", nothing listens on its port)");
    List<PoolMember> others = new ArrayList<>();
    for (PoolMember m : km.value()) {
      boolean isMe =
          m.hostname().equalsIgnoreCase(myFqdn)
              || myUuid.map(u -> u.equalsIgnoreCase(m.uuid())).orElse(false)
              || meThere.map(p -> p.uuid().equalsIgnoreCase(m.uuid())).orElse(false);
      if (!isMe) {
        others.add(m);
      }
    }
    if (others.isEmpty()) {
      steps.add("5 rebuild: the reference's pool list has no other member: nothing touched");
      return new Result(Status.NOT_CONFIRMED, steps, Optional.empty());
    }
    // names and UUIDs from another glusterd become file names and peer-file lines: check them first
    for (PoolMember m : others) {
      if (!GlusterdStateDir.isUuid(m.uuid()) || !HostNames.isValid(m.hostname())) {
        steps.add(
            "5 rebuild: the reference's pool list has an entry that is not a UUID and a host name ("
                + printable(m.uuid())
                + " "
                + printable(m.hostname())
                + "): nothing touched");
        return new Result(Status.NOT_CONFIRMED, steps, Optional.empty());
      }
    }
    if (kind == RepairKind.STUCK_HANDSHAKE
        && stuckPeerUuid.isPresent()
        && !GlusterdStateDir.isUuid(stuckPeerUuid.get())) {
      steps.add(
          "5 the stuck peer's UUID is not a UUID ("
              + printable(stuckPeerUuid.get())
              + "): nothing touched");
      return new Result(Status.NOT_CONFIRMED, steps, Optional.empty());
    }
    if (dryRun) {
      steps.add("3 back up " + state.dir() + " (dry run)");
      if (kind == RepairKind.STUCK_HANDSHAKE) {
        steps.add("5 set state=3 in peers/" + stuckPeerUuid.orElse("?") + " (dry run)");
      } else {
        steps.add("4 clear " + state.dir() + " except glusterd.info, hooks/, groups/ (dry run)");
        if (kind == RepairKind.LOST_IDENTITY) {
          steps.add("4 write back old UUID " + meThere.map(Peer::uuid).orElse("?") + " (dry run)");
        }
        for (PoolMember m : kind == RepairKind.FORGOTTEN ? List.<PoolMember>of() : others) {
          steps.add(
              "5 write peers/" + m.uuid() + " state=3 hostname1=" + m.hostname() + " (dry run)");
        }
      }
      return new Result(Status.DRY_RUN, steps, Optional.empty());
    }
    Optional<Path> backup = Optional.empty();
    try {
      state.checkSafe();
      Path b = state.backup(now, kind.label());
      backup = Optional.of(b);
      steps.add("3 backed up to " + b);
      Set<Path> kept = new HashSet<>();
      kept.add(b);
      seriesBackup.ifPresent(kept::add);
      for (Path pruned : state.pruneBackups(keepBackups, kept)) {
        steps.add("3 pruned old backup " + pruned);
      }
      if (kind == RepairKind.STUCK_HANDSHAKE) {
        String uuid = stuckPeerUuid.orElse("");
        boolean done = !uuid.isEmpty() && state.setPeerInCluster(uuid);
        steps.add(
            done
                ? "5 set state=3 in peers/" + uuid
                : "5 no peer file for " + uuid + ": nothing changed");
        return new Result(done ? Status.DONE : Status.FAILED, steps, backup);
      }
      state.clearAllButInfo();
      steps.add("4 cleared " + state.dir() + " except glusterd.info, hooks/, groups/");
      if (kind == RepairKind.LOST_IDENTITY && meThere.isPresent()) {
        state.writeUuid(meThere.get().uuid());
        steps.add("4 wrote back old UUID " + meThere.get().uuid() + " to glusterd.info");
      }
      if (kind == RepairKind.FORGOTTEN) {
        steps.add("5 no peers written: glusterd starts alone and the pool's coordinator probes it");
        return new Result(Status.DONE, steps, backup);
      }
      state.writePeers(others);
      for (PoolMember m : others) {
        steps.add("5 wrote peers/" + m.uuid() + " (" + m.hostname() + ", state=3)");
      }
      steps.add("6 glusterd starts next; later runs verify every peer reaches Peer in Cluster");
      return new Result(Status.DONE, steps, backup);
    } catch (IOException | RuntimeException e) {
      steps.add("FAILED: " + e.getMessage());
      return new Result(Status.FAILED, steps, backup);
    }
  }

  private static String printable(String s) {
    String p = s.replaceAll("[^\\x20-\\x7e]", "?");
    return p.length() > 80 ? p.substring(0, 80) + "..." : p;
  }
}
