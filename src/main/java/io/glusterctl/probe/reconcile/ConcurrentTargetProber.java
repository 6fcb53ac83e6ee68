package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.exec.Deadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks many targets at the same time: a coordinator of 32 members whose missing members' nodes
 * are down would otherwise wait one connect timeout per member. Each check is the single prober's
 * (name lookup and connect, each with its own timeout), on a small pool of daemon threads; a check
 * that has not answered within the time given counts as not checked, and its thread is left to end
 * on its own timeout (it changes nothing and does not hold the run).
 */
public final class ConcurrentTargetProber implements TargetProber {
  private final TargetProber single;
  private final int threads;

  /**
   * @param single checks one host
   * @param threads at most this many checks at once
   */
  public ConcurrentTargetProber(TargetProber single, int threads) {
    this.single = single;
    this.threads = Math.max(1, threads);
  }

  @Override
  public boolean answers(String host) {
    return single.answers(host);
  }

  @Override
  public Map<String, Boolean> answering(List<String> hosts, Deadline by) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    if (hosts.isEmpty()) {
      return out;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(threads, hosts.size()),
            r -> {
              Thread t = new Thread(r, "target-check");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Boolean>> checks = new ArrayList<>();
      for (String h : hosts) {
        checks.add(pool.submit(() -> single.answers(h)));
      }
      for (int i = 0; i < hosts.size(); i++) {
        try {
          out.put(hosts.get(i), checks.get(i).get(by.remaining().toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException e) {
          // not checked in time, or the check failed: left out
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
