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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The trusted storage pool as the pods' own glusterd see it: whether it is exactly what it should
 * be (each pod of the expected set lists exactly the others, by FQDN, as {@code Peer in Cluster
 * (Connected)}), how long it took to get there, and the {@link DetachWatch}es that look out for a
 * desired member vanishing from it.
 */
public final class Pool {
  private final Sandbox sandbox;
  private final List<DetachWatch> watches = new CopyOnWriteArrayList<>();

  Pool(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /**
   * Waits until every pod in {@code expected} lists exactly the others of {@code expected}, by
   * FQDN, as {@code Peer in Cluster (Connected)}, and returns how many probe periods (liveness
   * periods, rounded up) that took. Throws an {@link AssertionError} that shows every pod's view
   * when it has not happened within {@code maxPeriods} periods.
   */
  public int awaitConverged(Set<Integer> expected, int maxPeriods) {
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
      problems = problems(expected, true);
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
    problems = problems(expected, false);
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
    b.append("\n").append(Machine.load(sandbox.log()));
    b.append("\nlast events:\n").append(sandbox.log().tail(40));
    throw new AssertionError(b.toString());
  }

  /**
   * What keeps the pool from being exactly {@code expected}: per pod of {@code expected} that is
   * not right, what it lists instead. Empty when every one of them lists exactly the others by
   * FQDN, each {@code Peer in Cluster (Connected)}.
   */
  public Map<Integer, String> problems(Set<Integer> expected) {
    return problems(expected, false);
  }

  /**
   * Starts a {@link DetachWatch} that polls every desired pod's peer list twice a probe period (at
   * least two seconds apart: every listing costs a gluster CLI run).
   */
  public DetachWatch watchDetachments() {
    Duration half = sandbox.probePeriod().dividedBy(2);
    DetachWatch w =
        new DetachWatch(
            sandbox, half.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : half);
    watches.add(w);
    return w;
  }

  /** The pod lost its volume: what it listed before no longer counts for the watches. */
  void forget(int ordinal) {
    watches.forEach(w -> w.forget(ordinal));
  }

  private Map<Integer, String> problems(Set<Integer> expected, boolean firstOnly) {
    Map<Integer, String> problems = new TreeMap<>();
    for (int o : new TreeSet<>(expected)) {
      if (firstOnly && !problems.isEmpty()) {
        break;
      }
      if (!sandbox.cluster().running(o)) {
        problems.put(o, "not running");
        continue;
      }
      Optional<List<Peer>> peers = sandbox.glusterPod(o).peerStatusIfKnown();
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
