package io.glusterctl.probe.plan;

import static io.glusterctl.probe.model.ReasonCode.REJECTED_PEER;
import static io.glusterctl.probe.model.ReasonCode.SELF_REJECTED;
import static io.glusterctl.probe.model.ReasonCode.SELF_REJECTED_UNCONFIRMED;
import static io.glusterctl.probe.plan.Pools.api;
import static io.glusterctl.probe.plan.Pools.fqdn;
import static io.glusterctl.probe.plan.Pools.healthy;
import static io.glusterctl.probe.plan.Pools.rejected;
import static io.glusterctl.probe.plan.Pools.world;
import static io.glusterctl.probe.plan.Scenario.about;
import static io.glusterctl.probe.plan.Scenario.given;
import static io.glusterctl.probe.plan.Scenario.repair;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PoolView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A rejected pod in a pool of sixteen. A repair needs a majority of the desired members (this pod
 * with those that answered); five views, the most the first round asks, can confirm nothing in a
 * pool of twelve or more, and the simulation showed such a pod rejected forever. A view that
 * accuses this pod now asks for a second round, up to a majority; one that does not, for none.
 */
class LargePoolRejectionTest {
  private static final int N = 16;

  /** Pod 1's own view after drift: every peer connected and rejected. */
  private static PoolView driftedView() {
    List<Peer> peers = new ArrayList<>();
    for (int o = 0; o < N; o++) {
      if (o != 1) {
        peers.add(rejected(o));
      }
    }
    return Pools.view(1, peers.toArray(Peer[]::new));
  }

  /** What member {@code o} says: pod 1 rejected, everyone else healthy. */
  private static PoolView accusing(int o) {
    List<Peer> peers = new ArrayList<>();
    for (int x = 0; x < N; x++) {
      if (x != o) {
        peers.add(x == 1 ? rejected(1) : healthy(x));
      }
    }
    return Pools.view(o, peers.toArray(Peer[]::new));
  }

  private static Map<String, Observed<PoolView>> viewsOf(int... ordinals) {
    Map<String, Observed<PoolView>> m = new LinkedHashMap<>();
    for (int o : ordinals) {
      m.put(fqdn(o), Observed.known(accusing(o)));
    }
    return m;
  }

  @Test
  void theFirstRoundAsksFiveAndAnAccusationAsksForEnoughMoreToMakeAMajority() {
    Planner planner = new Planner(Pools.SETTINGS);
    World w = world(1, driftedView(), api(N));
    assertThat(planner.needs(w).remoteViews()).hasSize(5);

    Needs second = planner.needs(w.withRemoteViews(viewsOf(0, 2, 3, 4, 5)));
    // a majority of 16 with this pod: 8 that answered; asked: 3 more, and 2 in case some do not
    assertThat(second.remoteViews()).hasSize(5 + 3 + 2);
  }

  @Test
  void noSecondRoundWhenNoViewAccusesThisPod() {
    // pod 0 sees pod 1 rejected: its views list pod 0 healthy
    List<Peer> peers = new ArrayList<>();
    for (int o = 1; o < N; o++) {
      peers.add(o == 1 ? rejected(1) : healthy(o));
    }
    World w = world(0, Pools.view(0, peers.toArray(Peer[]::new)), api(N));
    Planner planner = new Planner(Pools.SETTINGS);
    Needs first = planner.needs(w);
    Map<String, Observed<PoolView>> answers = new LinkedHashMap<>();
    for (String host : first.remoteViews()) {
      int o = Integer.parseInt(host.substring("glusterfs-".length(), host.indexOf('.')));
      answers.put(host, Observed.known(accusing(o)));
    }
    assertThat(planner.needs(w.withRemoteViews(answers)).remoteViews())
        .containsExactlyInAnyOrderElementsOf(first.remoteViews());
  }

  @Test
  void fiveAccusersOfSixteenDoNotConfirmEightDo() {
    given("five views", world(1, driftedView(), api(N)).withRemoteViews(viewsOf(0, 2, 3, 4, 5)))
        .findings(
            Stream.concat(
                    Stream.of(about(1, SELF_REJECTED_UNCONFIRMED)),
                    IntStream.range(0, N)
                        .filter(o -> o != 1)
                        .mapToObj(o -> about(o, REJECTED_PEER)))
                .toArray(Tuple[]::new))
        .check();
    int[] eight = IntStream.of(0, 2, 3, 4, 5, 6, 7, 8).toArray();
    given("eight views", world(1, driftedView(), api(N)).withRemoteViews(viewsOf(eight)))
        .actions(repair(1, SELF_REJECTED))
        .check();
  }
}
