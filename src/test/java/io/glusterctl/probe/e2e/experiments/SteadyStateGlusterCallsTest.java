package io.glusterctl.probe.e2e.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.bench.GlusterCallLog;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A steady-state liveness run makes exactly one gluster call ({@code peer status}): the kubelet's
 * own liveness runs on a converged 3-pod pool, counted by a {@code gluster} wrapper that the pods'
 * program uses ({@code GLUSTERCTL_GLUSTER}). A count, not a timing. The sandbox's own gluster calls
 * (checking the pool) do not go through the wrapper. And only the coordinator asks the API (one
 * {@code GET} of the StatefulSet's scale per run): the plain members' liveness and readiness runs
 * make no HTTPS request, counted in the fake API's request log by client address.
 */
class SteadyStateGlusterCallsTest {

  @Test
  void aSteadyStateLivenessRunMakesOneGlusterCallAndOnlyTheCoordinatorAsksTheApi(
      @TempDir(factory = GctTempDir.class) Path dir) {
    Path wrapper = GlusterCallLog.installWrapper(dir);
    // a gentler clock than the default: this test counts calls, and must not fail on a busy machine
    TimeScale clock = new TimeScale(2, 1.5);
    try (Scenario s =
        Scenario.experiment("steady state gluster calls")
            .timeScale(clock)
            .env("GLUSTERCTL_GLUSTER", wrapper.toString())
            .formWithin(15)
            .start()) {
      Sandbox sandbox = s.sandbox();
      Set<Integer> all = s.all();

      int apiMark = sandbox.apiRequests().size();
      Map<Integer, Long> marks = new HashMap<>();
      Map<Integer, Integer> runsBefore = new HashMap<>();
      for (int o : all) {
        marks.put(o, GlusterCallLog.mark(sandbox.cluster().requirePod(o)));
        runsBefore.put(o, sandbox.glusterPod(o).probeRuns(ProbeKind.LIVENESS).size());
      }
      awaitLivenessRuns(sandbox, runsBefore, 3, 8);

      for (int o : all) {
        Pod pod = sandbox.cluster().requirePod(o);
        Map<Long, List<GlusterCallLog.Call>> runs =
            GlusterCallLog.finishedRuns(GlusterCallLog.callsSince(pod, marks.get(o)), "liveness");
        assertThat(runs)
            .as("finished liveness runs of %s that called gluster", pod.name())
            .hasSizeGreaterThanOrEqualTo(2);
        runs.forEach(
            (pid, calls) -> {
              assertThat(calls)
                  .as("gluster calls of liveness run %d in %s", pid, pod.name())
                  .hasSize(1);
              assertThat(calls.get(0).arguments()).as("the one call").contains("--xml peer status");
            });
      }
      List<String> api = sandbox.apiRequests();
      List<String> since = api.subList(apiMark, api.size());
      for (int o : all) {
        Pod pod = sandbox.cluster().requirePod(o);
        List<String> mine =
            since.stream().filter(l -> l.endsWith(" from " + pod.address())).toList();
        if (o == 0) {
          // the coordinator: spec.replicas every run, at least one per liveness run that finished
          assertThat(mine)
              .as("API requests of the coordinator %s in steady state", pod.name())
              .hasSizeGreaterThanOrEqualTo(2)
              .allMatch(l -> l.startsWith("GET ") && l.contains("/scale -> 200"));
        } else {
          assertThat(mine)
              .as("API requests of the plain member %s in steady state", pod.name())
              .isEmpty();
        }
      }
      s.assertExactPool(all);
      s.assertNothingDetached();
    }
  }

  /**
   * Waits until every pod's kubelet finished {@code count} more liveness runs, at most {@code
   * periods} periods.
   */
  private static void awaitLivenessRuns(
      Sandbox sandbox, Map<Integer, Integer> before, int count, int periods) {
    long end = System.nanoTime() + sandbox.probePeriod().multipliedBy(periods).toNanos();
    while (System.nanoTime() < end) {
      boolean done =
          before.entrySet().stream()
              .allMatch(
                  e ->
                      sandbox.glusterPod(e.getKey()).probeRuns(ProbeKind.LIVENESS).size()
                          >= e.getValue() + count);
      if (done) {
        return;
      }
      Scenario.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError(
        "fewer than "
            + count
            + " liveness runs per pod in "
            + periods
            + " periods:\n"
            + sandbox.log().tail(30));
  }
}
