package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.RepairKind;
import io.glusterctl.probe.model.Self;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Decides, from this pod's view and other members' read-only views, whether this pod must repair
 * its own glusterd state. Only ever about this pod: no pod repairs another.
 *
 * <p>Each member that answered gives one {@link Testimony} (how it lists this pod); four short
 * predicates read them, in this order, and the first that holds asks for the repair:
 *
 * <ul>
 *   <li>{@link #lostIdentity}: most members that answered list this pod's name under another UUID.
 *   <li>{@link #forgotten}: this pod lists peers but reaches none of them, and most members that
 *       answered (each with a healthy peer) do not list it at all.
 *   <li>{@link #rejected} (drift, or amnesia when this pod has no peers): most members that
 *       answered list this pod as {@code Peer Rejected}. The reference (whose pool view the repair
 *       rebuilds from) is a rejecting member that has a healthy peer itself; failing that, and only
 *       when this pod has no healthy peer either, a lower-ordinal rejecting member (in a two-member
 *       pool both sides look rejected: the higher ordinal repairs, the lower is the reference). A
 *       pod that is the lowest of them is the reference and repairs nothing; a pod with a healthy
 *       peer is never rebuilt from a member that has none.
 *   <li>{@link #stuckHandshake}: a peer has been in {@code Accepted peer request} or {@code Sent
 *       and Received peer request} past the grace period while that peer lists this pod as {@code
 *       Peer in Cluster}.
 * </ul>
 *
 * "Most" is {@link Testimonies#confirmedBy}: more than half of the members that answered, and the
 * members that answered together with this pod are a majority of the desired members. A partitioned
 * pod reaches no one: no view answers, nothing is confirmed, nothing is wiped.
 */
final class RejectionCheck {
  private RejectionCheck() {}

  record Result(Optional<Action.Repair> repair, List<Finding> findings) {
    static final Result NOTHING = new Result(Optional.empty(), List.of());

    static Result repair(Action.Repair r) {
      return new Result(Optional.of(r), List.of());
    }
  }

  /**
   * What one member that answered says about this pod.
   *
   * @param ordinal the member's ordinal
   * @param listed how it lists this pod (by name, or by this pod's UUID), if at all
   * @param healthyPeerBesides whether it has a healthy peer other than {@code listed}
   */
  record Testimony(int ordinal, Optional<Peer> listed, boolean healthyPeerBesides) {
    /** It lists this pod's name under a UUID that is not this pod's. */
    boolean otherIdentity(Optional<String> myUuid) {
      return listed.isPresent()
          && myUuid.isPresent()
          && !listed.get().uuid().equalsIgnoreCase(myUuid.get());
    }

    /** It lists this pod, as itself, in {@code Peer Rejected}. */
    boolean rejects(Optional<String> myUuid) {
      return listed.isPresent()
          && !otherIdentity(myUuid)
          && listed.get().state() == PeerState.PEER_REJECTED;
    }

    /** It does not list this pod at all, while it is in a working pool itself. */
    boolean forgot() {
      return listed.isEmpty() && healthyPeerBesides;
    }
  }

  /**
   * The testimonies of the desired members that answered (lowest ordinal first), and how many
   * desired members there are.
   */
  record Testimonies(List<Testimony> answered, int desired) {
    /** One testimony per desired member (other than this pod) whose view is Known. */
    static Testimonies gather(
        Self self, PoolView pool, DesiredMembers desired, Map<String, Observed<PoolView>> views) {
      List<Testimony> answered = new ArrayList<>();
      for (Member m : desired.members()) {
        if (OptionalInt.of(m.ordinal()).equals(self.ordinal())
            || !(views.get(m.fqdn()) instanceof Observed.Known<PoolView> known)) {
          continue;
        }
        PoolView theirs = known.value();
        Optional<Peer> listed = listedAsSelf(self, theirs);
        if (listed.isEmpty() && pool.selfUuid().isPresent()) {
          listed = theirs.peerWithUuid(pool.selfUuid().get());
        }
        Peer me = listed.orElse(null);
        boolean healthy = theirs.peers().stream().anyMatch(p -> p.healthy() && p != me);
        answered.add(new Testimony(m.ordinal(), listed, healthy));
      }
      return new Testimonies(List.copyOf(answered), desired.members().size());
    }

    /** The testimonies that say this. */
    List<Testimony> saying(Predicate<Testimony> what) {
      return answered.stream().filter(what).toList();
    }

    /**
     * The one majority rule: more than half of the members that answered say it, and they with this
     * pod are more than half of the desired members (a pod that reaches few members decides
     * nothing).
     */
    boolean confirmedBy(List<Testimony> witnesses) {
      return 2 * witnesses.size() > answered.size() && enoughAnswered();
    }

    /** The members that answered, with this pod, are more than half of the desired members. */
    boolean enoughAnswered() {
      return 2 * (answered.size() + 1) > desired;
    }

    String count(List<Testimony> witnesses) {
      return witnesses.size() + " of " + answered.size();
    }
  }

  /**
   * The peer in another member's view that is this pod by name: any of its names is this pod's,
   * short or full, in any case (the pool may have probed it as {@code glusterfs-1}).
   */
  private static Optional<Peer> listedAsSelf(Self self, PoolView theirs) {
    return theirs.peers().stream()
        .filter(p -> p.hostnames().stream().anyMatch(h -> self.ordinalOf(h).equals(self.ordinal())))
        .findFirst();
  }

  /** Which members to ask for their views, from this pod's own view alone. */
  static List<String> whomToAsk(Self self, PoolView pool, DesiredMembers desired, PoolMap map) {
    boolean suspicious =
        pool.peers().stream()
            .anyMatch(p -> p.connected() && p.state() != PeerState.PEER_IN_CLUSTER);
    List<Member> others =
        desired.members().stream()
            .filter(m -> !OptionalInt.of(m.ordinal()).equals(self.ordinal()))
            .toList();
    if (pool.alone() && !others.isEmpty()) {
      return others.stream().map(Member::fqdn).limit(5).toList();
    }
    // Every peer disconnected: this pod may be cut off, or forgotten by a pool that detached it
    // while it was away (its own state still lists the pool). Ask a few; unreachable ones stay
    // Unknown, so a cut-off pod learns nothing and does nothing.
    if (pool.peers().stream().noneMatch(Peer::connected)) {
      return others.stream().map(Member::fqdn).limit(3).toList();
    }
    if (!suspicious) {
      return List.of();
    }
    List<String> ask = new ArrayList<>();
    for (Member m : others) {
      Optional<Peer> p = map.peerWithOrdinal(m.ordinal());
      if (p.isPresent() && p.get().connected()) {
        ask.add(m.fqdn());
      }
    }
    return ask.stream().limit(5).toList();
  }

  /**
   * Members to ask in a second round, once the first views are read: when one of them already says
   * this pod is rejected, or lists this pod's name under another UUID, as many more members as a
   * majority of the desired members needs (with this pod), so that the accusation can be confirmed
   * or refused. The first round asks at most five, which can confirm nothing in a pool of twelve or
   * more. Connected members only, unless this pod is alone or reaches none of its peers. Empty when
   * no view accuses this pod: a healthy pool costs no second round.
   */
  static List<String> moreToAsk(
      Self self,
      PoolView pool,
      DesiredMembers desired,
      PoolMap map,
      Map<String, Observed<PoolView>> views) {
    Optional<String> myUuid = pool.selfUuid();
    Testimonies t = Testimonies.gather(self, pool, desired, views);
    boolean accused = !t.saying(w -> w.otherIdentity(myUuid) || w.rejects(myUuid)).isEmpty();
    if (!accused || t.enoughAnswered()) {
      return List.of();
    }
    boolean anyConnected = pool.peers().stream().anyMatch(Peer::connected);
    List<String> more = new ArrayList<>();
    for (Member m : desired.members()) {
      if (OptionalInt.of(m.ordinal()).equals(self.ordinal()) || views.containsKey(m.fqdn())) {
        continue;
      }
      Optional<Peer> p = map.peerWithOrdinal(m.ordinal());
      if (pool.alone() || !anyConnected || (p.isPresent() && p.get().connected())) {
        more.add(m.fqdn());
      }
    }
    int needed = desired.members().size() / 2 - t.answered().size();
    // a few beyond the count, for members that do not answer
    return more.stream().limit(needed + 2L).toList();
  }

  /**
   * This pod's repair, if the views confirm one, and what was seen but not confirmed.
   *
   * @param memory this run's memory (already updated with this run's pool): when each handshake was
   *     first seen
   */
  static Result check(
      World w, PoolView pool, DesiredMembers desired, Memory memory, Duration stuckGrace) {
    Testimonies t = Testimonies.gather(w.self(), pool, desired, w.remoteViews());
    Optional<Action.Repair> repair =
        lostIdentity(w.self(), pool, t).or(() -> forgotten(w.self(), pool, t));
    if (repair.isPresent()) {
      return Result.repair(repair.get());
    }
    Result rejected = rejected(w.self(), pool, t);
    if (rejected.repair().isPresent()) {
      return rejected;
    }
    return new Result(stuckHandshake(w, pool, memory, stuckGrace), rejected.findings());
  }

  /** Most members list this pod's name under another UUID: its PV was lost. */
  static Optional<Action.Repair> lostIdentity(Self self, PoolView pool, Testimonies t) {
    List<Testimony> witnesses = t.saying(w -> w.otherIdentity(pool.selfUuid()));
    if (witnesses.isEmpty() || !t.confirmedBy(witnesses)) {
      return Optional.empty();
    }
    String oldUuid = witnesses.get(witnesses.size() - 1).listed().orElseThrow().uuid();
    return Optional.of(
        repair(
            self,
            RepairKind.LOST_IDENTITY,
            witnesses.get(0).ordinal(),
            Reason.of(
                ReasonCode.SELF_LOST_IDENTITY,
                "the pool lists this pod's name under its old UUID "
                    + oldUuid
                    + ", this pod has "
                    + pool.selfUuid().orElse("?"))));
  }

  /** This pod lists peers, reaches none, and most members no longer list it. */
  static Optional<Action.Repair> forgotten(Self self, PoolView pool, Testimonies t) {
    boolean cutOff = !pool.alone() && pool.peers().stream().noneMatch(Peer::connected);
    List<Testimony> witnesses = t.saying(Testimony::forgot);
    if (!cutOff || witnesses.isEmpty() || !t.confirmedBy(witnesses)) {
      return Optional.empty();
    }
    return Optional.of(
        repair(
            self,
            RepairKind.FORGOTTEN,
            witnesses.get(0).ordinal(),
            Reason.of(
                ReasonCode.SELF_FORGOTTEN,
                t.count(witnesses)
                    + " members that answered no longer list this pod, while its own state lists "
                    + pool.peers().size()
                    + " peers, none connected")));
  }

  /**
   * Most members list this pod as rejected: a repair from a reference, or a finding when the
   * rejection is not confirmed or there is no member to rebuild from.
   */
  static Result rejected(Self self, PoolView pool, Testimonies t) {
    List<Testimony> rejecters = t.saying(w -> w.rejects(pool.selfUuid()));
    if (rejecters.isEmpty()) {
      return Result.NOTHING;
    }
    if (!t.confirmedBy(rejecters)) {
      return finding(
          Finding.info(
              self.fqdn(),
              Reason.of(
                  ReasonCode.SELF_REJECTED_UNCONFIRMED,
                  t.count(rejecters) + " members that answered reject this pod")));
    }
    // Without a healthy rejecter, a lower-ordinal rejecter is the reference only when this pod has
    // no healthy peer either (two members that reject each other). A pod that does have a healthy
    // peer is in a working pool: an unhealthy member that rejects it is the odd one out.
    boolean selfHealthy = pool.peers().stream().anyMatch(Peer::healthy);
    int me = self.ordinal().orElseThrow();
    Optional<Testimony> ref =
        rejecters.stream()
            .filter(Testimony::healthyPeerBesides)
            .findFirst()
            .or(
                () ->
                    selfHealthy
                        ? Optional.empty()
                        : rejecters.stream().filter(w -> w.ordinal() < me).findFirst());
    if (ref.isEmpty()) {
      return finding(
          Finding.warn(
              self.fqdn(),
              Reason.of(
                  ReasonCode.SELF_REJECTED_UNCONFIRMED,
                  "rejected by "
                      + t.count(rejecters)
                      + (selfHealthy
                          ? ", none of them with a healthy peer, while this pod has one"
                          : ", but no healthy member to rebuild from and this pod has the"
                              + " lowest ordinal: it is the reference"))));
    }
    RepairKind kind = pool.alone() ? RepairKind.AMNESIA : RepairKind.DRIFT;
    return Result.repair(
        repair(
            self,
            kind,
            ref.get().ordinal(),
            Reason.of(
                ReasonCode.SELF_REJECTED,
                kind.label()
                    + ": "
                    + t.count(rejecters)
                    + " members that answered list this pod as Peer Rejected")));
  }

  /**
   * A handshake toward a peer stuck past the grace period, while that peer lists this pod as {@code
   * Peer in Cluster}. (A handshake within its grace period is reported with the other peers, by the
   * planner.)
   */
  static Optional<Action.Repair> stuckHandshake(
      World w, PoolView pool, Memory memory, Duration stuckGrace) {
    PoolMap map = new PoolMap(w.self(), pool);
    for (Peer p : pool.peers()) {
      Instant since = memory.stuckSince().get(p.uuid());
      OptionalInt o = map.ordinalOf(p);
      if (!stuckState(p)
          || since == null
          || since.plus(stuckGrace).isAfter(w.now())
          || o.isEmpty()) {
        continue;
      }
      boolean theyListMeInCluster =
          w.remoteViews().get(w.self().fqdnOf(o.getAsInt())) instanceof Observed.Known<PoolView> v
              && listedAsSelf(w.self(), v.value())
                  .map(me -> me.state() == PeerState.PEER_IN_CLUSTER)
                  .orElse(false);
      if (theyListMeInCluster) {
        return Optional.of(
            repair(
                w.self(),
                RepairKind.STUCK_HANDSHAKE,
                o.getAsInt(),
                Reason.of(
                    ReasonCode.SELF_STUCK_HANDSHAKE,
                    "handshake with "
                        + p.hostname()
                        + " stuck in '"
                        + p.state().text()
                        + "' since "
                        + since
                        + " while it lists this pod as Peer in Cluster")));
      }
    }
    return Optional.empty();
  }

  /** The states a handshake gets stuck in on glusterd 10.3 (4 and 5); {@link Timers} times them. */
  static boolean stuckState(Peer p) {
    return p.state() == PeerState.ACCEPTED_PEER_REQUEST
        || p.state() == PeerState.SENT_AND_RECEIVED_PEER_REQUEST;
  }

  private static Result finding(Finding f) {
    return new Result(Optional.empty(), List.of(f));
  }

  private static Action.Repair repair(Self self, RepairKind kind, int reference, Reason why) {
    return new Action.Repair(self.fqdn(), kind, self.fqdnOf(reference), why);
  }
}
