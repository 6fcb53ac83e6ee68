package io.glusterctl.probe.plan;

import static io.glusterctl.probe.model.ReasonCode.ALONE_NOT_FIRST;
import static io.glusterctl.probe.model.ReasonCode.DISCONNECTED_MEMBER;
import static io.glusterctl.probe.model.ReasonCode.FORM_POOL;
import static io.glusterctl.probe.model.ReasonCode.MISSING_MEMBER;
import static io.glusterctl.probe.model.ReasonCode.NOT_COORDINATOR;
import static io.glusterctl.probe.model.ReasonCode.POOL_EXISTS;
import static io.glusterctl.probe.model.ReasonCode.POOL_UNSEEN;
import static io.glusterctl.probe.model.ReasonCode.TARGET_NOT_ANSWERING;
import static io.glusterctl.probe.model.ReasonCode.TARGET_NOT_CHECKED;
import static io.glusterctl.probe.plan.Pools.alone;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.disconnected;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.targets;
import static io.glusterctl.probe.plan.Pools.unreachable;
import static io.glusterctl.probe.plan.Pools.view;
import static io.glusterctl.probe.plan.Pools.views;
import static io.glusterctl.probe.plan.Pools.world;
import static io.glusterctl.probe.plan.Scenario.about;
import static io.glusterctl.probe.plan.Scenario.given;
import static io.glusterctl.probe.plan.Scenario.pool;
import static io.glusterctl.probe.plan.Scenario.probe;
import static io.glusterctl.probe.plan.TargetCheck.answering;
import static io.glusterctl.probe.plan.TargetCheck.silent;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Finding;
import io.glusterctl.probe.model.Plan;
import io.glusterctl.probe.model.ReasonCode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Probes: scale up by the coordinator, and pool formation by pods that are alone. */
class PlannerProbeTest {

  static Stream<Scenario> scaleUp() {
    // spec.replicas 3 -> 5: pods 0, 1, 2 form the pool, 3 and 4 are new
    return Stream.of(
        given(
                "coordinator pod-0 probes 3 and 4, in ordinal order, when both answer",
                world(0, view(0, healthy(1), healthy(2)), api(5))
                    .withTargets(targets(4, answering(), 3, answering())))
            .actions(probe(3, MISSING_MEMBER), probe(4, MISSING_MEMBER)),
        given(
                "glusterd's peer order does not matter",
                world(0, view(0, healthy(2), healthy(1)), api(5))
                    .withTargets(targets(3, answering(), 4, answering())))
            .actions(probe(3, MISSING_MEMBER), probe(4, MISSING_MEMBER)),
        given(
                "coordinator pod-0 probes only the member that answers",
                world(0, view(0, healthy(1), healthy(2)), api(5))
                    .withTargets(targets(3, answering(), 4, silent())))
            .actions(probe(3, MISSING_MEMBER))
            .findings(about(4, TARGET_NOT_ANSWERING)),
        given(
                "coordinator pod-0 probes nobody when neither answers",
                world(0, view(0, healthy(1), healthy(2)), api(5))
                    .withTargets(targets(3, silent(), 4, silent())))
            .findings(about(3, TARGET_NOT_ANSWERING), about(4, TARGET_NOT_ANSWERING)),
        given(
                "a target that was not checked (the run's deadline came first) is not probed",
                world(0, view(0, healthy(1), healthy(2)), api(5))
                    .withTargets(targets(3, answering())))
            .actions(probe(3, MISSING_MEMBER))
            .findings(about(4, TARGET_NOT_CHECKED)),
        given(
                "pod-0 alone whose run checked only the first target probes that one",
                world(0, alone(0), api(3))
                    .withTargets(targets(1, answering()))
                    .withRemoteViews(views(1, view(1))))
            .actions(probe(1, FORM_POOL))
            .findings(about(2, TARGET_NOT_CHECKED)),
        given(
                "non-coordinator pod-2 probes nobody, even when the targets answer",
                world(2, view(2, healthy(0), healthy(1)), api(5))
                    .withTargets(targets(3, answering(), 4, answering())))
            .findings(about(3, NOT_COORDINATOR), about(4, NOT_COORDINATOR)),
        given(
                "non-coordinator pod-1 probes nobody",
                world(1, view(1, healthy(0), healthy(2)), api(5))
                    .withTargets(targets(3, answering(), 4, answering())))
            .findings(about(3, NOT_COORDINATOR), about(4, NOT_COORDINATOR)),
        given(
                "pod-0 disconnected: pod-1 is the lowest healthy member and coordinates",
                world(1, view(1, disconnected(0), healthy(2)), api(5))
                    .withTargets(targets(3, answering(), 4, answering())))
            .actions(probe(3, MISSING_MEMBER), probe(4, MISSING_MEMBER))
            .findings(about(0, DISCONNECTED_MEMBER)),
        given(
                "pod-2 cut off from everyone coordinates nothing",
                world(2, view(2, disconnected(0), disconnected(1)), api(5))
                    .withTargets(targets(3, answering(), 4, answering())))
            .findings(
                about(0, DISCONNECTED_MEMBER),
                about(1, DISCONNECTED_MEMBER),
                about(3, NOT_COORDINATOR),
                about(4, NOT_COORDINATOR)),
        given(
                "a member listed as rejected is in the pool: not probed again",
                world(0, view(0, healthy(1), rejected(2)), api(3))
                    .withTargets(targets(2, answering())))
            .findings(about(2, ReasonCode.REJECTED_PEER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scaleUp")
  void scaleUp(Scenario s) {
    s.check();
  }

  static Stream<Scenario> formation() {
    // pods that are each alone (a pool of one): nobody has formed the pool yet. The views are the
    // other members' read-only views the rejection check asks for anyway.
    return Stream.of(
        given(
                "pod-0 alone probes 1 and 2, which answer and are alone too",
                world(0, alone(0), api(3))
                    .withTargets(targets(1, answering(), 2, answering()))
                    .withRemoteViews(views(1, alone(1), 2, alone(2))))
            .actions(probe(1, FORM_POOL), probe(2, FORM_POOL)),
        given(
                "one view that is alone is enough: nobody is asked for each target",
                world(0, alone(0), api(3))
                    .withTargets(targets(1, answering(), 2, answering()))
                    .withRemoteViews(views(1, alone(1), 2, unreachable())))
            .actions(probe(1, FORM_POOL), probe(2, FORM_POOL)),
        given(
                "pod-0 alone does not probe a member that does not answer",
                world(0, alone(0), api(3))
                    .withTargets(targets(1, silent(), 2, answering()))
                    .withRemoteViews(views(1, unreachable(), 2, alone(2))))
            .actions(probe(2, FORM_POOL))
            .findings(about(1, TARGET_NOT_ANSWERING)),
        given(
                "pod-0 alone never forms a pool when a member it asked is in one",
                world(0, alone(0), api(3))
                    .withTargets(targets(1, answering(), 2, answering()))
                    .withRemoteViews(views(1, view(1, healthy(2)), 2, view(2, healthy(1)))))
            .findings(about(1, POOL_EXISTS)),
        given(
                "pod-0 alone, one member alone and one in a pool: no second pool",
                world(0, alone(0), api(3))
                    .withTargets(targets(1, answering(), 2, answering()))
                    .withRemoteViews(views(1, alone(1), 2, view(2, healthy(5)))))
            .findings(about(2, POOL_EXISTS)),
        given(
                "pod-0 alone, no member's view could be read: it cannot tell, it waits",
                world(0, alone(0), api(3))
                    .withTargets(targets(1, answering(), 2, answering()))
                    .withRemoteViews(views(1, unreachable(), 2, unreachable())))
            .findings(pool(POOL_UNSEEN)),
        given(
                "pod-1 alone never probes pod-0",
                world(1, alone(1), api(3)).withTargets(targets(0, answering(), 2, silent())))
            .findings(pool(POOL_UNSEEN), about(0, ALONE_NOT_FIRST), about(2, ALONE_NOT_FIRST)),
        given(
                "pod-1 alone, pod-0 answers alone too: pod-0 forms the pool, pod-1 waits",
                world(1, alone(1), api(3))
                    .withTargets(targets(0, answering(), 2, answering()))
                    .withRemoteViews(views(0, alone(0), 2, alone(2))))
            .findings(about(0, ALONE_NOT_FIRST), about(2, ALONE_NOT_FIRST)),
        given(
                "pod-1 alone, pod-0 in a pool: that pool probes pod-1 and pod-2",
                world(1, alone(1), api(3))
                    .withTargets(targets(0, answering(), 2, answering()))
                    .withRemoteViews(views(0, view(0, healthy(3)), 2, alone(2))))
            .findings(about(0, POOL_EXISTS), about(0, ALONE_NOT_FIRST), about(2, ALONE_NOT_FIRST)),
        given(
                "pod-1 alone, pod-0 not checked: pod-1 cannot tell, it waits",
                world(1, alone(1), api(3))
                    .withTargets(targets(2, answering()))
                    .withRemoteViews(views(2, alone(2))))
            .findings(about(0, ALONE_NOT_FIRST), about(2, ALONE_NOT_FIRST)),
        given(
                "four pods alone: pod-2 never probes pod-3 while pods 0 and 1 answer",
                world(2, alone(2), api(4))
                    .withTargets(targets(0, answering(), 1, answering(), 3, answering())))
            .findings(
                pool(POOL_UNSEEN),
                about(0, ALONE_NOT_FIRST),
                about(1, ALONE_NOT_FIRST),
                about(3, ALONE_NOT_FIRST)),
        given(
                "four pods alone: pod-0 probes 1, 2 and 3",
                world(0, alone(0), api(4))
                    .withTargets(targets(1, answering(), 2, answering(), 3, answering()))
                    .withRemoteViews(views(1, alone(1), 2, alone(2), 3, alone(3))))
            .actions(probe(1, FORM_POOL), probe(2, FORM_POOL), probe(3, FORM_POOL)),
        given(
                "pods 0 and 1 absent: pod-2 forms the pool with pod-3",
                world(2, alone(2), api(4))
                    .withTargets(targets(0, silent(), 1, silent(), 3, answering()))
                    .withRemoteViews(views(0, unreachable(), 1, unreachable(), 3, alone(3))))
            .actions(probe(3, FORM_POOL))
            .findings(about(0, ALONE_NOT_FIRST), about(1, ALONE_NOT_FIRST)),
        given(
                "pod-1 alone, pod-0 absent: pod-1 is the lowest that answers and forms the pool",
                world(1, alone(1), api(3))
                    .withTargets(targets(0, silent(), 2, answering()))
                    .withRemoteViews(views(0, unreachable(), 2, alone(2))))
            .actions(probe(2, FORM_POOL))
            .findings(about(0, ALONE_NOT_FIRST)),
        given(
                "pod-2 alone (new) waits for the pool of 0 and 1 to probe it",
                world(2, alone(2), api(3))
                    .withTargets(targets(0, answering(), 1, answering()))
                    .withRemoteViews(views(0, view(0, healthy(1)), 1, view(1, healthy(0)))))
            .findings(about(0, POOL_EXISTS), about(0, ALONE_NOT_FIRST), about(1, ALONE_NOT_FIRST)),
        given(
                "pod-0 is new, pods 1 and 2 formed without it (it was down): they probe it",
                world(0, alone(0), api(3))
                    .withTargets(targets(1, answering(), 2, answering()))
                    .withRemoteViews(views(1, view(1, healthy(2)), 2, view(2, healthy(1)))))
            .findings(about(1, POOL_EXISTS)),
        given(
                "the pool probes the newcomer: pod-0 with pod-1 probes pod-2",
                world(0, view(0, healthy(1)), api(3)).withTargets(targets(2, answering())))
            .actions(probe(2, MISSING_MEMBER)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formation")
  void formation(Scenario s) {
    s.check();
  }

  @org.junit.jupiter.api.Test
  void aProbeSaysWhichOrdinalAndTheNonCoordinatorNamesTheCoordinator() {
    Plan up =
        new Planner(Pools.SETTINGS)
            .plan(
                world(0, view(0, healthy(1), healthy(2)), api(4))
                    .withTargets(targets(3, answering())));
    assertThat(up.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.reason().detail()).isEqualTo("ordinal 3");
            });
    Plan other =
        new Planner(Pools.SETTINGS)
            .plan(
                world(2, view(2, healthy(0), healthy(1)), api(4))
                    .withTargets(targets(3, answering())));
    assertThat(other.findings())
        .filteredOn(f -> f.reason().code() == NOT_COORDINATOR)
        .singleElement()
        .extracting(Finding::host, f -> f.reason().detail())
        .containsExactly(fqdn(3), "coordinator is " + fqdn(0));
  }

  @org.junit.jupiter.api.Test
  void aPodThatIsAloneChecksEveryOtherDesiredMember() {
    // the lower ordinals too: whether one of them answers decides who forms the pool
    Needs needs = new Planner(Pools.SETTINGS).needs(world(1, alone(1), api(3)));
    assertThat(needs.targets()).containsExactlyInAnyOrder(fqdn(0), fqdn(2));
    assertThat(needs.remoteViews()).as("views, to see whether a pool exists").contains(fqdn(2));
  }
}
