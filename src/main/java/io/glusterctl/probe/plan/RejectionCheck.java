package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Member;
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

/**
 * Decides, from this pod's view and other members' read-only views, whether this pod must repair
 * its own glusterd state. Only ever about this pod: no pod repairs another.
 *
 * <ul>
 *   <li>Lost identity: most members that answered list this pod's name under another UUID.
 *   <li>Rejected (drift, or amnesia when this pod has no peers): most members that answered list
 *       this pod as {@code Peer Rejected}, and together with this pod they are a majority of the
 *       desired members. The reference (whose pool view the repair rebuilds from) is a rejecting
 *       member that has a healthy peer itself; failing that, and only when this pod has no healthy
 *       peer either, a lower-ordinal rejecting member (in a two-member pool both sides look
 *       rejected: the higher ordinal repairs, the lower is the reference). A pod that is the lowest
 *       of them is the reference and repairs nothing; a pod with a healthy peer is never rebuilt
 *       from a member that has none.
 *   <li>Stuck handshake: a peer has been in {@code Accepted peer request} or {@code Sent and
 *       Received peer request} past the grace period while that peer lists this pod as {@code Peer
 *       in Cluster}.
 * </ul>
 *
 * A partitioned pod reaches no one: no view answers, nothing is confirmed, nothing is wiped.
 */
final class RejectionCheck {
  private RejectionCheck() {}

  record Result(Optional<Action.Repair> repair, List<Finding> findings) {}

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
    boolean accused = false;
    int answered = 0;
    for (Observed<PoolView> v : views.values()) {
      if (v instanceof Observed.Known<PoolView> k) {
        answered++;
        Optional<Peer> me = listedAsSelf(self, k.value());
        accused |=
            me.isPresent()
                && (me.get().state() == PeerState.PEER_REJECTED
                    || myUuid.map(u -> !u.equalsIgnoreCase(me.get().uuid())).orElse(false));
      }
    }
    int needed = desired.members().size() / 2; // 2 * (answered + 1) > members
    if (!accused || answered >= needed) {
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
    // a few beyond the count, for members that do not answer
    return more.stream().limit(needed - answered + 2L).toList();
  }

  static Result check(
      Self self,
      PoolView pool,
      DesiredMembers desired,
      Map<String, Observed<PoolView>> views,
      PoolMap map,
      Map<String, Instant> stuckSince,
      Instant now,
      Duration stuckGrace) {
    List<Finding> findings = new ArrayList<>();
    int selfOrdinal = self.ordinal().orElseThrow();
    Optional<String> myUuid = pool.selfUuid();
    int answered = 0;
    int rejecting = 0;
    int otherIdentity = 0;
    Optional<String> oldUuid = Optional.empty();
    List<Integer> healthyRejecters = new ArrayList<>();
    List<Integer> rejecters = new ArrayList<>();
    List<Integer> identityWitnesses = new ArrayList<>();
    List<Integer> forgetters = new ArrayList<>();

    for (Member m : desired.members()) {
      if (m.ordinal() == selfOrdinal) {
        continue;
      }
      Observed<PoolView> v = views.get(m.fqdn());
      if (!(v instanceof Observed.Known<PoolView> known)) {
        continue;
      }
      answered++;
      PoolView theirs = known.value();
      Optional<Peer> me = listedAsSelf(self, theirs);
      if (me.isEmpty() && myUuid.isPresent()) {
        me = theirs.peerWithUuid(myUuid.get());
      }
      if (me.isEmpty()) {
        if (theirs.peers().stream().anyMatch(Peer::healthy)) {
          forgetters.add(m.ordinal());
        }
        continue;
      }
      Peer listed = me.get();
      boolean theyAreHealthy = theirs.peers().stream().anyMatch(p -> p.healthy() && p != listed);
      if (myUuid.isPresent() && !me.get().uuid().equalsIgnoreCase(myUuid.get())) {
        otherIdentity++;
        oldUuid = Optional.of(me.get().uuid());
        identityWitnesses.add(m.ordinal());
      } else if (me.get().state() == PeerState.PEER_REJECTED) {
        rejecting++;
        rejecters.add(m.ordinal());
        if (theyAreHealthy) {
          healthyRejecters.add(m.ordinal());
        }
      }
    }

    boolean majorityWithMe = 2 * (answered + 1) > desired.members().size();
    if (otherIdentity > 0 && 2 * otherIdentity > answered && majorityWithMe) {
      int ref = identityWitnesses.stream().min(Integer::compare).orElseThrow();
      return new Result(
          Optional.of(
              new Action.Repair(
                  self.fqdn(),
                  RepairKind.LOST_IDENTITY,
                  self.fqdnOf(ref),
                  Reason.of(
                      ReasonCode.SELF_LOST_IDENTITY,
                      "the pool lists this pod's name under its old UUID "
                          + oldUuid.orElse("?")
                          + ", this pod has "
                          + myUuid.orElse("?")))),
          findings);
    }

    boolean cutOffFromMyPeers = !pool.alone() && pool.peers().stream().noneMatch(Peer::connected);
    if (cutOffFromMyPeers && 2 * forgetters.size() > answered && majorityWithMe) {
      int ref = forgetters.stream().min(Integer::compare).orElseThrow();
      return new Result(
          Optional.of(
              new Action.Repair(
                  self.fqdn(),
                  RepairKind.FORGOTTEN,
                  self.fqdnOf(ref),
                  Reason.of(
                      ReasonCode.SELF_FORGOTTEN,
                      forgetters.size()
                          + " of "
                          + answered
                          + " members that answered no longer list this pod, while its own"
                          + " state lists "
                          + pool.peers().size()
                          + " peers, none connected"))),
          findings);
    }

    if (rejecting > 0) {
      if (2 * rejecting > answered && majorityWithMe) {
        // Without a healthy rejecter, a lower-ordinal rejecter is the reference only when this pod
        // has no healthy peer either (two members that reject each other). A pod that does have a
        // healthy peer is in a working pool: an unhealthy member that rejects it is the odd one
        // out.
        boolean selfHealthy = pool.peers().stream().anyMatch(Peer::healthy);
        Optional<Integer> ref =
            healthyRejecters.stream()
                .min(Integer::compare)
                .or(
                    () ->
                        selfHealthy
                            ? Optional.empty()
                            : rejecters.stream()
                                .filter(o -> o < selfOrdinal)
                                .min(Integer::compare));
        if (ref.isEmpty()) {
          findings.add(
              Finding.warn(
                  self.fqdn(),
                  Reason.of(
                      ReasonCode.SELF_REJECTED_UNCONFIRMED,
                      "rejected by "
                          + rejecting
                          + " of "
                          + answered
                          + (selfHealthy
                              ? ", none of them with a healthy peer, while this pod has one"
                              : ", but no healthy member to rebuild from and this pod has the"
                                  + " lowest ordinal: it is the reference"))));
        } else {
          RepairKind kind = pool.alone() ? RepairKind.AMNESIA : RepairKind.DRIFT;
          return new Result(
              Optional.of(
                  new Action.Repair(
                      self.fqdn(),
                      kind,
                      self.fqdnOf(ref.get()),
                      Reason.of(
                          ReasonCode.SELF_REJECTED,
                          kind.label()
                              + ": "
                              + rejecting
                              + " of "
                              + answered
                              + " members that answered list this pod as Peer Rejected"))),
              findings);
        }
      } else {
        findings.add(
            Finding.info(
                self.fqdn(),
                Reason.of(
                    ReasonCode.SELF_REJECTED_UNCONFIRMED,
                    rejecting + " of " + answered + " members that answered reject this pod")));
      }
    }

    for (Peer p : pool.peers()) {
      if (p.state() != PeerState.ACCEPTED_PEER_REQUEST
          && p.state() != PeerState.SENT_AND_RECEIVED_PEER_REQUEST) {
        continue;
      }
      Instant since = stuckSince.get(p.uuid());
      if (since == null || since.plus(stuckGrace).isAfter(now)) {
        findings.add(
            Finding.info(
                p.hostname(), Reason.of(ReasonCode.HANDSHAKE_IN_PROGRESS, p.state().text())));
        continue;
      }
      OptionalInt o = map.ordinalOf(p);
      if (o.isEmpty()) {
        continue;
      }
      Observed<PoolView> v = views.get(self.fqdnOf(o.getAsInt()));
      if (v instanceof Observed.Known<PoolView> known) {
        Optional<Peer> me = listedAsSelf(self, known.value());
        if (me.isPresent() && me.get().state() == PeerState.PEER_IN_CLUSTER) {
          return new Result(
              Optional.of(
                  new Action.Repair(
                      self.fqdn(),
                      RepairKind.STUCK_HANDSHAKE,
                      self.fqdnOf(o.getAsInt()),
                      Reason.of(
                          ReasonCode.SELF_STUCK_HANDSHAKE,
                          "handshake with "
                              + p.hostname()
                              + " stuck in '"
                              + p.state().text()
                              + "' since "
                              + since
                              + " while it lists this pod as Peer in Cluster"))),
              findings);
        }
      }
    }
    return new Result(Optional.empty(), findings);
  }
}
