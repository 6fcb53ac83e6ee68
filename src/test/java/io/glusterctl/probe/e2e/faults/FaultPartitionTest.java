package io.glusterctl.probe.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.model.Peer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Network partitions of a 5-pod pool (a volume across all five, the API for the desired members):
 *
 * <ol>
 *   <li>one pod's link cut for several periods after the others see it Disconnected;
 *   <li>a minority (pods 3 and 4) cut off from the rest, DNS and the API;
 *   <li>a majority (pods 0, 1 and 2) cut off from the rest, DNS and the API.
 * </ol>
 *
 * Each lasts until every side has seen the other Disconnected (glusterd needs about 22 s of real
 * time) and then several probe periods more. During each: no pod probes or detaches anyone, no pod
 * asks for or makes a repair (a partitioned pod wipes nothing: its UUID and peer files stay), no
 * liveness fails and no container restarts. After each heal the pool converges on all five.
 */
@Tag("extended")
class FaultPartitionTest {
  private static final Set<Integer> ALL = Scenario.ordinals(5);

  @Test
  void partitionsChangeNothingAndThePoolRejoins() {
    try (Scenario s = Scenario.fault("fault partition").replicas(5).start()) {
      Sandbox sandbox = s.sandbox();
      s.createVolume(0, 1, 2, 3, 4);

      run(
          s,
          "one pod's link cut",
          Set.of(2),
          () -> sandbox.faults().cutLink(2),
          () -> sandbox.faults().restoreLink(2));
      run(
          s,
          "minority 2 of 5",
          Set.of(3, 4),
          () -> sandbox.faults().partition(3, 4),
          sandbox.faults()::heal);
      run(
          s,
          "majority 3 of 5",
          Set.of(0, 1, 2),
          () -> sandbox.faults().partition(0, 1, 2),
          sandbox.faults()::heal);

      s.assertExactPool(ALL);
      s.assertNothingDetached();
      for (int o : ALL) {
        s.repairs().assertNoRepair(o);
        assertThat(sandbox.glusterPod(o).gluster("volume", "info", "v1").orThrow().stdout())
            .contains("Number of Bricks: 1 x 5 = 5");
      }
    }
  }

  private static void run(
      Scenario s, String name, Set<Integer> island, Runnable cut, Runnable heal) {
    Sandbox sandbox = s.sandbox();
    Set<Integer> rest = new TreeSet<>(ALL);
    rest.removeAll(island);
    Map<Integer, String> identity = new HashMap<>();
    for (int o : ALL) {
      identity.put(o, FaultWitness.identity(sandbox, o));
    }
    FaultWitness.Window w = FaultWitness.open(s);
    cut.run();
    try {
      // glusterd's own time: until both sides see each other Disconnected
      long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!(seesAllDisconnected(sandbox, rest, island)
              && seesAllDisconnected(sandbox, island, rest))
          && System.nanoTime() < end) {
        Scenario.sleep(Duration.ofSeconds(1));
      }
      assertThat(seesAllDisconnected(sandbox, rest, island))
          .as("%s: the rest see %s Disconnected", name, island)
          .isTrue();
      assertThat(seesAllDisconnected(sandbox, island, rest))
          .as("%s: %s see the rest Disconnected", name, island)
          .isTrue();
      s.figure(name + ": both sides see Disconnected after", w.length().toMillis() + " ms");
      // then several periods more, and until every pod ran liveness twice while it saw the others
      // Disconnected
      Instant seen = Instant.now();
      long until = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (System.nanoTime() < until
          && !(Duration.between(seen, Instant.now())
                      .compareTo(sandbox.probePeriod().multipliedBy(6))
                  >= 0
              && ALL.stream()
                  .allMatch(
                      o ->
                          w.runs(o, ProbeKind.LIVENESS).stream()
                                  .filter(r -> r.at().isAfter(seen))
                                  .count()
                              >= 2))) {
        Scenario.sleep(Duration.ofMillis(200));
      }
      for (int o : ALL) {
        assertThat(w.runs(o, ProbeKind.LIVENESS).stream().filter(r -> r.at().isAfter(seen)))
            .as("%s: pod %d's liveness runs after both sides saw Disconnected", name, o)
            .hasSizeGreaterThanOrEqualTo(2);
      }
    } finally {
      w.close();
      heal.run();
    }
    w.assertNothingDone(ALL, 3);
    for (int o : ALL) {
      assertThat(FaultWitness.identity(sandbox, o))
          .as("%s: pod %d's UUID and peer files", name, o)
          .isEqualTo(identity.get(o));
    }
    s.figure(
        name + ": fault", w.length().toMillis() + " ms; " + FaultWitness.livenessFigures(w, ALL));
    s.awaitConverged(
        name + ": converged after the heal",
        ALL,
        20 + sandbox.periodsFor(Sandbox.GLUSTERD_RECONNECT));
  }

  /** Every pod of {@code observers} lists every pod of {@code others} as Disconnected. */
  private static boolean seesAllDisconnected(
      Sandbox sandbox, Set<Integer> observers, Set<Integer> others) {
    for (int o : observers) {
      List<Peer> peers = sandbox.glusterPod(o).peerStatusIfKnown().orElse(List.of());
      for (int x : others) {
        if (peers.stream().noneMatch(p -> p.knownAs(sandbox.fqdn(x)) && !p.connected())) {
          return false;
        }
      }
    }
    return true;
  }
}
