package io.glusterctl.probe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The simulation drives the real planner and reconciler: small pools, checked here in the default
 * run (a few seconds); the figures for large pools come from {@link SimulationBenchmark}. The
 * 256-member drift is tagged {@code slow}, left out of the default build.
 */
class SimulationTest {

  @Test
  void threePodsOfANewStatefulSetFormOnePoolAndThenMakeOneCliCallPerRun() {
    SimCluster c = Scenarios.cluster(SimCluster.Mode.API, Timings.cluster(), 1);
    Scenarios.Result r = Scenarios.formation(c, 3);

    assertThat(r.periods()).hasValueSatisfying(p -> assertThat(p).isLessThanOrEqualTo(2));
    assertThat(r.steady()).isNotEmpty();
    assertThat(r.steady()).allSatisfy(run -> assertThat(run.counts().cli).isEqualTo(1));
    assertThat(r.steady()).allSatisfy(run -> assertThat(run.exit()).isZero());
  }

  @Test
  void aRejectedPodInAPoolOfSixteenRepairsItself() {
    // with at most five views a repair could not be confirmed in a pool of twelve or more
    SimCluster c = Scenarios.cluster(SimCluster.Mode.API, Timings.cluster(), 1);
    Scenarios.Result r = Scenarios.drift(c, 16);
    assertThat(r.periods()).hasValueSatisfying(p -> assertThat(p).isLessThanOrEqualTo(4));
  }

  @Test
  @Tag("slow") // about 50 s: run with -Dunit.exclude=none
  void aRejectedPodInAPoolOfTwoHundredFiftySixRepairsItself() {
    // one view after another, 98 fitted in the time to observe and a majority needs 129: never
    SimCluster c = Scenarios.cluster(SimCluster.Mode.API, Timings.cluster(), 1);
    Scenarios.Result r = Scenarios.drift(c, 256);
    assertThat(r.periods()).isPresent();
  }

  @Test
  void theSameSeedGivesTheSameHistory() {
    List<SimCluster.Run> first = formationRuns(5, 42);
    List<SimCluster.Run> second = formationRuns(5, 42);
    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).start()).isEqualTo(first.get(i).start());
      assertThat(second.get(i).counts().cli).isEqualTo(first.get(i).counts().cli);
    }
  }

  private static List<SimCluster.Run> formationRuns(int n, long seed) {
    SimCluster c = Scenarios.cluster(SimCluster.Mode.API, Timings.cluster(), seed);
    Scenarios.formation(c, n);
    return c.runs();
  }
}
