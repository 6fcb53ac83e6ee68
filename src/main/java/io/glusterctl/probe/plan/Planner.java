package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.model.Self;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The planner: a pure function from what one run observed ({@link World}) to what should happen
 * ({@link Plan}), every action and every refusal with its reason. The same world always gives the
 * same plan. It imports nothing from the command line, the process runner, DNS or the API.
 *
 * <p>Rules, in the order they are applied:
 *
 * <ol>
 *   <li>Cannot see, does not act: an Unknown pool, or a pod name without an ordinal, gives no
 *       action. A peer list that contradicts itself is Unknown ({@link PoolConsistency}).
 *   <li>A plain member of a healthy pool that did not read the desired members ({@link
 *       #needsDesired}): {@code MEMBER_HEALTHY}, nothing else.
 *   <li>Desired Unknown: report, no probe, no detach and no repair (a repair needs a majority of
 *       the desired members).
 *   <li>This pod confirmed rejected (or lost its identity, or stuck in a handshake): ask for its
 *       own repair, and do nothing else to the pool. Never in offline analysis.
 *   <li>Probe a desired member missing from the pool: only the coordinator, only when the target
 *       answers; a pod that is alone probes only members with a higher ordinal, only when no lower
 *       ordinal answers (the lowest member that answers forms the pool, so that two pods that are
 *       alone never form two pools), and only when every member whose view it read is alone too
 *       (the pool probes a newcomer, never the other way round; glusterd refuses the probe of a
 *       member of another pool).
 *   <li>Detach a surplus member ({@link DetachPlanner}): ordinal at or above {@code spec.replicas}
 *       (API), or absent from DNS and disconnected past the grace period (DNS). Never self, never a
 *       brick host, never when it breaks quorum, only by the coordinator, highest ordinal first;
 *       while another peer is down only when every peer that is down is surplus too and hosts no
 *       bricks, then with {@code force}, one per run. A blocked detach is reported.
 *   <li>A desired member that is disconnected is reported, never detached.
 *   <li>Nothing done and nothing to report: {@code HEALTHY}.
 * </ol>
 *
 * <p>The coordinator is the lowest-ordinal working member ({@link PoolMap}); a pod that is the only
 * desired member coordinates too. glusterd's peer order never changes the plan.
 */
public final class Planner {
  private final PlannerSettings settings;
  private final DetachPlanner detaches;

  public Planner(PlannerSettings settings) {
    this.settings = settings;
    this.detaches = new DetachPlanner(settings);
  }

  /**
   * Whether the desired members (an HTTPS request to the API, or DNS lookups) can change this run's
   * plan, from this pod's own view of the pool alone. They cannot for a plain member of a healthy
   * pool: every peer is in the cluster, connected and a pod of the StatefulSet, and another member
   * coordinates. Such a pod probes and detaches nothing (only the coordinator does), asks for no
   * repair (every repair needs a peer that is rejected, stuck, disconnected or missing, or this pod
   * alone), and asks no one for a view. Everything else needs them: the coordinator (it compares
   * the pool with {@code spec.replicas} every run: a scaled-away pod stays connected and in DNS
   * while its preStop waits for the detach), a pod that is alone, a pool with any peer that is not
   * healthy, an Unknown pool (the planner then says so) and offline analysis.
   *
   * <p>Not reading them drops the surplus timers this pod kept (DNS mode): they start again when
   * this pod next reads DNS. That can only delay a detach, never cause one, and only a
   * coordinator's timers are ever used; a member that takes over as coordinator does so because a
   * peer went down, and then reads the desired members.
   */
  public boolean needsDesired(Self self, Observed<PoolView> pool) {
    if (settings.offline()
        || !(pool instanceof Observed.Known<PoolView> kp)
        || self.ordinal().isEmpty()) {
      return true;
    }
    return needsDesired(kp.value(), new PoolMap(self, kp.value()));
  }

  /** {@link #needsDesired(Self, Observed)} for a known pool and this pod's map of it. */
  private static boolean needsDesired(PoolView pool, PoolMap map) {
    return !pool.healthy()
        || pool.peers().stream().anyMatch(p -> map.ordinalOf(p).isEmpty())
        || map.selfCoordinates();
  }

  /**
   * What else must be looked at before planning, from the cheap observations alone. In steady state
   * (the pool matches the desired members and every peer is healthy) this is {@link Needs#NOTHING},
   * so a run makes one gluster call.
   */
  public Needs needs(World w) {
    if (!(w.pool() instanceof Observed.Known<PoolView> kp)
        || !(w.desired() instanceof Observed.Known<DesiredMembers> kd)
        || w.self().ordinal().isEmpty()) {
      return Needs.NOTHING;
    }
    PoolView pool = kp.value();
    DesiredMembers desired = kd.value();
    PoolMap map = new PoolMap(w.self(), pool);
    int me = w.self().ordinal().getAsInt();
    Set<String> targets = new LinkedHashSet<>();
    boolean coordinating = coordinates(map, desired, me);
    if (coordinating) {
      for (Member m : desired.members()) {
        if (m.ordinal() != me && map.peerWithOrdinal(m.ordinal()).isEmpty()) {
          targets.add(m.fqdn()); // alone: the lower ordinals too, see lowerMemberInTheWay
        }
      }
    }
    boolean bricks =
        coordinating
            && detaches.anySurplus(
                pool,
                desired,
                map,
                Timers.update(w.memory(), pool, w.desired(), map, w.now()),
                w.now());
    Set<String> views =
        settings.offline()
            ? Set.of()
            : new LinkedHashSet<>(RejectionCheck.whomToAsk(w.self(), pool, desired, map));
    if (!settings.offline()) {
      views.addAll(RejectionCheck.moreToAsk(w.self(), pool, desired, map, w.remoteViews()));
    }
    Set<String> check = settings.offline() ? Set.of() : targets;
    return new Needs(bricks, check, views);
  }

  public Plan plan(World w) {
    List<Finding> findings = new ArrayList<>();
    List<Action> actions = new ArrayList<>();

    OptionalInt selfOrdinal = w.self().ordinal();
    if (selfOrdinal.isEmpty() && !settings.offline()) {
      findings.add(
          Finding.error(
              w.self().podName(),
              Reason.of(ReasonCode.SELF_UNKNOWN, "pod name '" + w.self().podName() + "'")));
      return new Plan(actions, findings, w.memory());
    }
    if (!(w.pool() instanceof Observed.Known<PoolView> kp)) {
      findings.add(
          Finding.error("", Reason.of(ReasonCode.POOL_UNKNOWN, w.pool().unknownWhy().orElse(""))));
      return new Plan(actions, findings, w.memory());
    }
    PoolView pool = kp.value();
    PoolMap map = new PoolMap(w.self(), pool);
    Memory memory = Timers.update(w.memory(), pool, w.desired(), map, w.now());

    // the ordinal is known here unless offline, and offline analysis always reads them
    if (w.desiredNotRead() && !settings.offline() && !needsDesired(pool, map)) {
      String coordinator =
          map.coordinator().isPresent()
              ? "coordinator is " + w.self().fqdnOf(map.coordinator().getAsInt())
              : "";
      findings.add(Finding.info("", Reason.of(ReasonCode.MEMBER_HEALTHY, coordinator)));
      return new Plan(actions, findings, memory);
    }
    if (!(w.desired() instanceof Observed.Known<DesiredMembers> kd)) {
      findings.add(
          Finding.error(
              "", Reason.of(ReasonCode.DESIRED_UNKNOWN, w.desired().unknownWhy().orElse(""))));
      reportPeers(pool, Optional.empty(), map, findings);
      return new Plan(actions, findings, memory);
    }
    DesiredMembers desired = kd.value();

    if (!settings.offline()) {
      RejectionCheck.Result rc =
          RejectionCheck.check(w, pool, desired, memory, settings.stuckGrace());
      findings.addAll(rc.findings());
      if (rc.repair().isPresent()) {
        actions.add(rc.repair().get());
        return new Plan(actions, findings, memory);
      }
    }

    reportPeers(pool, Optional.of(desired), map, findings);
    int me = selfOrdinal.orElse(-1); // offline without --self: no local pod
    boolean coordinating = coordinates(map, desired, me);
    OptionalInt coordinator = map.coordinator();

    // probes
    Optional<Finding> noPoolToForm =
        pool.alone() && coordinating && !settings.offline()
            ? noPoolToForm(w, desired, me)
            : Optional.empty();
    noPoolToForm.ifPresent(findings::add);
    for (Member m : desired.members()) {
      if (m.ordinal() == me || map.peerWithOrdinal(m.ordinal()).isPresent()) {
        continue;
      }
      if (!coordinating) {
        String who =
            coordinator.isPresent()
                ? "coordinator is " + w.self().fqdnOf(coordinator.getAsInt())
                : "this pod is not a healthy member of a pool";
        findings.add(Finding.info(m.fqdn(), Reason.of(ReasonCode.NOT_COORDINATOR, who)));
        continue;
      }
      if (settings.offline()) {
        actions.add(
            new Action.Probe(
                m.fqdn(), Reason.of(ReasonCode.MISSING_MEMBER, "ordinal " + m.ordinal())));
        continue;
      }
      TargetCheck t = w.targets().get(m.fqdn());
      if (pool.alone()) {
        if (m.ordinal() < me) {
          findings.add(
              Finding.info(
                  m.fqdn(),
                  Reason.of(
                      ReasonCode.ALONE_NOT_FIRST,
                      "ordinal " + m.ordinal() + " < " + me + ": it forms the pool")));
          continue;
        }
        Optional<String> lower = lowerMemberInTheWay(desired, me, w.targets());
        if (lower.isPresent()) {
          findings.add(Finding.info(m.fqdn(), Reason.of(ReasonCode.ALONE_NOT_FIRST, lower.get())));
          continue;
        }
        if (noPoolToForm.isPresent()) {
          continue;
        }
        if (t == null) {
          findings.add(Finding.info(m.fqdn(), Reason.of(ReasonCode.TARGET_NOT_CHECKED)));
          continue;
        }
        if (!t.answers()) {
          findings.add(Finding.info(m.fqdn(), Reason.of(ReasonCode.TARGET_NOT_ANSWERING)));
          continue;
        }
        // no per-target question: glusterd itself refuses to probe a host that is in another
        // pool and does not know this node ("is either already part of another cluster",
        // opErrno 3)
        actions.add(
            new Action.Probe(
                m.fqdn(),
                Reason.of(
                    ReasonCode.FORM_POOL, "ordinal " + me + " probes ordinal " + m.ordinal())));
        continue;
      }
      if (t == null) {
        findings.add(Finding.info(m.fqdn(), Reason.of(ReasonCode.TARGET_NOT_CHECKED)));
        continue;
      }
      if (!t.answers()) {
        findings.add(Finding.info(m.fqdn(), Reason.of(ReasonCode.TARGET_NOT_ANSWERING)));
        continue;
      }
      actions.add(
          new Action.Probe(
              m.fqdn(), Reason.of(ReasonCode.MISSING_MEMBER, "ordinal " + m.ordinal())));
    }

    detaches.plan(w, pool, desired, map, memory, coordinating, actions, findings);

    if (actions.isEmpty() && findings.isEmpty()) { // an INFO finding is a mismatch too
      findings.add(Finding.info("", Reason.of(ReasonCode.HEALTHY)));
    }
    return new Plan(actions, findings, memory);
  }

  /**
   * Why a pod that is alone must not form a pool: a lower-ordinal desired member answers (it forms
   * the pool, or the pool it is in probes this pod), or was not checked. Only the lowest desired
   * member that answers forms the pool; two pods that are alone and each probe a third can
   * otherwise end as two pools, which glusterd never merges. Empty when every lower ordinal is
   * known not to answer (pod-0 is down: pod-1 forms the pool, and it probes pod-0 when it is back).
   */
  private static Optional<String> lowerMemberInTheWay(
      DesiredMembers desired, int me, Map<String, TargetCheck> targets) {
    for (Member m : desired.members()) {
      if (m.ordinal() >= me) {
        break;
      }
      TargetCheck t = targets.get(m.fqdn());
      if (t == null) {
        return Optional.of("ordinal " + m.ordinal() + " was not checked");
      }
      if (t.answers()) {
        return Optional.of(
            "ordinal " + m.ordinal() + " answers: it forms the pool, or its pool probes this pod");
      }
    }
    return Optional.empty();
  }

  /**
   * Why a pod that is alone must not form a pool even as the lowest member that answers: another
   * member's read-only view (asked for the rejection check) lists peers, so a pool exists and it
   * probes this pod; or no member's view could be read, so it cannot tell. Empty when at least one
   * other member answered and every one that did is alone too (a new StatefulSet). A member that is
   * in a pool which does not know this pod refuses the probe itself; one whose pool knows this pod
   * (this pod lost its peer list) would accept it and stick both sides in a handshake, which is why
   * a pool seen anywhere stops the formation.
   */
  private static Optional<Finding> noPoolToForm(World w, DesiredMembers desired, int me) {
    int answered = 0;
    for (Member m : desired.members()) {
      if (m.ordinal() == me) {
        continue;
      }
      Observed<PoolView> v = w.remoteViews().get(m.fqdn());
      if (v instanceof Observed.Known<PoolView> k) {
        answered++;
        int peers = k.value().peers().size();
        if (peers > 0) {
          return Optional.of(
              Finding.warn(
                  m.fqdn(), Reason.of(ReasonCode.POOL_EXISTS, "it lists " + peers + " peers")));
        }
      }
    }
    if (answered == 0) {
      return Optional.of(Finding.info("", Reason.of(ReasonCode.POOL_UNSEEN)));
    }
    return Optional.empty();
  }

  /**
   * Whether this pod coordinates the pool: offline analysis plans as the coordinator would; else
   * the lowest-ordinal working member does ({@link PoolMap#coordinator()}). A pod that is the only
   * desired member coordinates too, even when every peer it lists is gone: there is no one it could
   * be cut off from, and its surplus peers must still be detached (scale down to one).
   */
  private boolean coordinates(PoolMap map, DesiredMembers desired, int me) {
    if (settings.offline() || map.selfCoordinates()) {
      return true;
    }
    return desired.members().size() == 1 && desired.members().get(0).ordinal() == me;
  }

  private static void reportPeers(
      PoolView pool, Optional<DesiredMembers> desired, PoolMap map, List<Finding> findings) {
    for (Peer p : pool.peers()) {
      OptionalInt o = map.ordinalOf(p);
      if (p.state() == PeerState.PEER_REJECTED) {
        findings.add(
            Finding.warn(p.hostname(), Reason.of(ReasonCode.REJECTED_PEER, p.stateLine())));
      } else if (p.state().isHandshakeInProgress()) {
        findings.add(
            Finding.info(p.hostname(), Reason.of(ReasonCode.HANDSHAKE_IN_PROGRESS, p.stateLine())));
      }
      if (o.isEmpty()) {
        findings.add(Finding.warn(p.hostname(), Reason.of(ReasonCode.UNKNOWN_PEER)));
        continue;
      }
      boolean isDesired = desired.map(d -> d.byOrdinal(o.getAsInt()).isPresent()).orElse(true);
      if (isDesired && !p.connected()) {
        findings.add(
            Finding.warn(p.hostname(), Reason.of(ReasonCode.DISCONNECTED_MEMBER, p.stateLine())));
      }
    }
  }
}
