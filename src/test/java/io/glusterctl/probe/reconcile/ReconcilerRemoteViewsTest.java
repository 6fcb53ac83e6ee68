package io.glusterctl.probe.reconcile;

import static io.glusterctl.probe.reconcile.ReconcilerObservationTest.NOW;
import static io.glusterctl.probe.reconcile.ReconcilerObservationTest.fqdn;
import static io.glusterctl.probe.reconcile.ReconcilerObservationTest.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.gluster.FakeGlusterClient;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.model.VolumeBricks;
import io.glusterctl.probe.observe.Observation;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How a pass asks for other members' views ({@link GlusterClient#remotePools}): in name order, only
 * while the time to observe lasts (a member not asked by then is Unknown, {@link
 * Reconciler#DEADLINE_REACHED}), and with the views in name order whatever order the client returns
 * them in.
 */
class ReconcilerRemoteViewsTest {
  private static final int MEMBERS = 8;
  private static final Self SELF = new Self("glusterfs-1", "default", "glusterfs", "cluster.local");

  /** Pod 1, alone, of a set of eight: it asks five others (the lowest) whether it was forgotten. */
  private static Reconciler.Pass pass(GlusterClient gluster, ManualTime time) {
    DesiredMembers desired =
        new DesiredMembers(
            DesiredMembers.Source.API,
            OptionalInt.of(MEMBERS),
            IntStream.range(0, MEMBERS).mapToObj(o -> new Member(o, fqdn(o))).toList());
    Reconciler r =
        new Reconciler(
            new Reconciler.Ports(
                gluster, deadline -> Observation.known(desired, List.of()), host -> true),
            new Planner(PlannerSettings.DEFAULTS),
            Deadline.in(Duration.ofSeconds(20), time),
            Duration.ofSeconds(1));
    Observed<PoolView> alone = Observed.known(PoolView.of(List.of()).withSelfUuid(uuid(1)));
    return r.observeAndPlan(SELF, alone, Memory.EMPTY);
  }

  /** The members pod 1 asks, in name order. */
  private static List<String> othersByName() {
    return Stream.of(0, 2, 3, 4, 5).map(o -> fqdn(o)).sorted().toList();
  }

  @Test
  void membersNotAskedByTheEndOfTheTimeToObserveAreUnknownDeadlineReached() {
    ManualTime time = new ManualTime(NOW);
    // each view takes 3 s; the time to observe is half of the 20 s: views start at 0, 3, 6 and 9 s,
    // the fifth is not asked
    FakeGlusterClient gluster =
        FakeGlusterClient.alone()
            .bricks(VolumeBricks.NONE)
            .otherRemotes(
                host -> {
                  time.advance(Duration.ofSeconds(3));
                  return Observed.known(PoolView.of(List.of()).withSelfUuid("x-" + host));
                });

    Reconciler.Pass pass = pass(gluster, time);

    List<String> others = othersByName();
    assertThat(gluster.remoteViewsAsked()).as("asked, in order").isEqualTo(others.subList(0, 4));
    Map<String, Observed<PoolView>> views = pass.world().remoteViews();
    assertThat(views.keySet()).as("views").containsExactlyInAnyOrderElementsOf(others);
    for (String host : others.subList(4, others.size())) {
      assertThat(views.get(host)).as(host).isEqualTo(Observed.unknown(Reconciler.DEADLINE_REACHED));
    }
    for (String host : others.subList(0, 4)) {
      assertThat(views.get(host)).as(host).isInstanceOf(Observed.Known.class);
    }
  }

  @Test
  void eachViewIsKeptWithItsMemberWhateverOrderTheClientAnswersIn() {
    List<List<String>> asked = Collections.synchronizedList(new ArrayList<>());
    GlusterClient backwards =
        new ForwardingClient(FakeGlusterClient.alone().bricks(VolumeBricks.NONE)) {
          @Override
          public Map<String, Observed<PoolView>> remotePools(List<String> hosts, Deadline by) {
            asked.add(hosts);
            Map<String, Observed<PoolView>> out = new LinkedHashMap<>();
            Stream.iterate(hosts.size() - 1, i -> i >= 0, i -> i - 1)
                .forEach(i -> out.put(hosts.get(i), Observed.unknown("no " + hosts.get(i))));
            return out;
          }
        };

    Reconciler.Pass pass = pass(backwards, new ManualTime(NOW));

    assertThat(asked).as("asked at once, in name order").containsExactly(othersByName());
    Map<String, Observed<PoolView>> views = pass.world().remoteViews();
    assertThat(views.keySet()).containsExactlyInAnyOrderElementsOf(othersByName());
    views.forEach((host, v) -> assertThat(v).as(host).isEqualTo(Observed.unknown("no " + host)));
  }

  /** A client that passes every call on to another (a test overrides what it looks at). */
  private abstract static class ForwardingClient implements GlusterClient {
    private final GlusterClient to;

    ForwardingClient(GlusterClient to) {
      this.to = to;
    }

    @Override
    public Liveness localPool() {
      return to.localPool();
    }

    @Override
    public Observed<PoolView> remotePool(String host) {
      return to.remotePool(host);
    }

    @Override
    public Observed<io.glusterctl.probe.parse.PoolList> remotePoolList(String host) {
      return to.remotePoolList(host);
    }

    @Override
    public Observed<VolumeBricks> bricks() {
      return to.bricks();
    }

    @Override
    public Outcome probe(String host) {
      return to.probe(host);
    }

    @Override
    public Outcome detach(String host) {
      return to.detach(host);
    }

    @Override
    public Outcome forceDetach(String host) {
      return to.forceDetach(host);
    }
  }
}
