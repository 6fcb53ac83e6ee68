package io.glusterctl.probe.e2e.sandbox;

import io.glusterctl.probe.model.Peer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Watches that no desired member is ever detached: it polls the peer list of every running desired
 * pod, and records a {@link Detachment} when a desired member that pod had listed is missing from a
 * later listing of the same pod. A listing that fails is not evidence (glusterd's listing fails for
 * a moment during a handshake); a pod whose volume was lost starts over ({@link #forget(int)}).
 */
public final class DetachWatch implements AutoCloseable {
  /**
   * A desired member vanished from a healthy member's peer list.
   *
   * @param at when the listing without it was taken
   * @param observer the ordinal of the pod whose list lost it
   * @param missing the FQDN of the missing desired member
   */
  public record Detachment(Instant at, int observer, String missing) {}

  private final Sandbox sandbox;
  private final Duration interval;
  private final Map<Integer, Set<String>> seen = new HashMap<>();
  private final List<Detachment> detachments = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;
  private int polls;

  DetachWatch(Sandbox sandbox, Duration interval) {
    this.sandbox = sandbox;
    this.interval = interval;
    this.thread = new Thread(this::run, "detach-watch-" + sandbox.prefix());
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!stopped) {
      try {
        pollOnce();
      } catch (RuntimeException e) {
        // a pod went away between the checks; the next poll looks again
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  void pollOnce() {
    int replicas = sandbox.cluster().replicas();
    for (int o : sandbox.cluster().podOrdinals()) {
      if (o >= replicas || !sandbox.cluster().running(o)) {
        continue;
      }
      Optional<List<Peer>> peers = sandbox.glusterPod(o).peerStatusIfKnown();
      if (peers.isEmpty() || stopped) {
        continue;
      }
      synchronized (this) {
        polls++;
        Set<String> before = seen.computeIfAbsent(o, x -> new HashSet<>());
        for (int d = 0; d < sandbox.cluster().replicas(); d++) {
          if (d == o) {
            continue;
          }
          String fqdn = sandbox.fqdn(d);
          boolean listed = peers.get().stream().anyMatch(p -> p.knownAs(fqdn));
          if (listed) {
            before.add(fqdn);
          } else if (before.remove(fqdn)) {
            detachments.add(new Detachment(Instant.now(), o, fqdn));
            sandbox
                .log()
                .event("watch: " + sandbox.podName(o) + " no longer lists desired member " + fqdn);
          }
        }
      }
    }
  }

  /** The pod lost its volume: what it listed before does not count any more. */
  public synchronized void forget(int ordinal) {
    seen.remove(ordinal);
  }

  public synchronized List<Detachment> detachments() {
    return List.copyOf(detachments);
  }

  /** How many listings were looked at (so a test can tell the watch really watched). */
  public synchronized int polls() {
    return polls;
  }

  @Override
  public void close() {
    stopped = true;
    thread.interrupt();
    try {
      thread.join(40_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
