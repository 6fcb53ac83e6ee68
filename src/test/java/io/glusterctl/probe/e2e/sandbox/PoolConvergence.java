package io.glusterctl.probe.e2e.sandbox;

import io.glusterctl.probe.model.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether the pool is exactly what it should be, read from every pod's own glusterd: each pod of
 * the expected set lists exactly the others, by FQDN, as {@code Peer in Cluster (Connected)}.
 */
final class PoolConvergence {
  private PoolConvergence() {}

  static int await(Sandbox sandbox, Set<Integer> expected, int maxPeriods) {
    long start = System.nanoTime();
    Duration period = sandbox.probePeriod();
    long end = start + period.multipliedBy(maxPeriods).toNanos();
    Map<Integer, String> problems;
    // every look costs a gluster CLI run per pod: look every quarter period (at least a second
    // apart), and stop a look at the first pod that is not right
    Duration pause =
        period.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0
            ? Duration.ofSeconds(1)
            : period.dividedBy(4);
    do {
      problems = problems(sandbox, expected, true);
      if (problems.isEmpty()) {
        long elapsed = System.nanoTime() - start;
        int periods = (int) Math.ceil((double) elapsed / period.toNanos());
        sandbox
            .log()
            .event(
                "converged on "
                    + new TreeSet<>(expected)
                    + " after "
                    + periods
                    + " probe period(s) ("
                    + elapsed / 1_000_000
                    + " ms)");
        return periods;
      }
      NetworkNamespaces.sleep(pause);
    } while (System.nanoTime() < end);
    problems = problems(sandbox, expected, false);
    if (problems.isEmpty()) {
      return maxPeriods;
    }
    StringBuilder b =
        new StringBuilder(
            "the pool did not converge on "
                + new TreeSet<>(expected)
                + " within "
                + maxPeriods
                + " probe periods ("
                + period.multipliedBy(maxPeriods).toMillis()
                + " ms):");
    problems.forEach((o, p) -> b.append("\n  ").append(sandbox.podName(o)).append(": ").append(p));
    b.append("\n").append(machineLoad(sandbox));
    b.append("\nlast events:\n").append(sandbox.log().tail(40));
    throw new AssertionError(b.toString());
  }

  /**
   * How busy the machine was: probe runs that timed out, their median time, and the load average. A
   * pool that did not converge because every probe ran into its timeout says "machine", not
   * "program".
   */
  static String machineLoad(Sandbox sandbox) {
    List<ProbeRun> runs = sandbox.log().probeRuns(r -> r.kind() != ProbeKind.PRESTOP);
    long timeouts = runs.stream().filter(r -> r.exitCode() == CommandResult.TIMED_OUT).count();
    List<Long> millis = runs.stream().map(r -> r.took().toMillis()).sorted().toList();
    long median = millis.isEmpty() ? 0 : millis.get(millis.size() / 2);
    return "machine: "
        + runs.size()
        + " probe runs, "
        + timeouts
        + " timed out, median "
        + median
        + " ms; load average "
        + Sandbox.loadAverage();
  }

  static Map<Integer, String> problems(Sandbox sandbox, Set<Integer> expected) {
    return problems(sandbox, expected, false);
  }

  private static Map<Integer, String> problems(
      Sandbox sandbox, Set<Integer> expected, boolean firstOnly) {
    Map<Integer, String> problems = new TreeMap<>();
    for (int o : new TreeSet<>(expected)) {
      if (firstOnly && !problems.isEmpty()) {
        break;
      }
      if (!sandbox.running(o)) {
        problems.put(o, "not running");
        continue;
      }
      Optional<List<Peer>> peers = sandbox.peerStatusIfKnown(o);
      if (peers.isEmpty()) {
        problems.put(o, "peer status failed");
        continue;
      }
      Set<String> want = new TreeSet<>();
      expected.stream().filter(x -> x != o).forEach(x -> want.add(sandbox.fqdn(x)));
      Set<String> healthy = new TreeSet<>();
      List<String> other = new ArrayList<>();
      for (Peer p : peers.get()) {
        if (p.healthy() && want.contains(p.hostname())) {
          healthy.add(p.hostname());
        } else {
          other.add(p.hostname() + " " + p.stateLine());
        }
      }
      if (!healthy.equals(want) || !other.isEmpty()) {
        Set<String> absent = new TreeSet<>(want);
        absent.removeAll(healthy);
        problems.put(o, "missing " + absent + ", unexpected " + other);
      }
    }
    return problems;
  }
}
