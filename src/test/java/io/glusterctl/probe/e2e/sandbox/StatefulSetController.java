package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The StatefulSet controller, level driven: every {@value #RESYNC_MILLIS} ms it compares the pods
 * that exist with {@code spec.replicas} and creates or deletes pods, following the {@link
 * PodManagementPolicy}. A pod that was deleted (by a person, a scale-down or a reschedule) is
 * recreated with the same ordinal (and so the same PersistentVolume) when its ordinal is below
 * {@code replicas}. A pod on a node that is down still exists (it is neither Ready nor recreated)
 * until it is force-deleted.
 *
 * <p><b>RollingUpdate</b> ({@link #rollingUpdate}: the pod template changed, e.g. a new image or
 * {@code kubectl rollout restart}), with {@code partition} 0 and the default {@code maxUnavailable}
 * 1: each pod is made at the template revision of its time. The controller looks at the pods from
 * the highest ordinal down: the first one at an older revision (and not already terminating) is
 * deleted, and it is recreated at the new revision by the loop that recreates deleted pods; on the
 * way down it stops at the first pod that is not Running and Ready (or not there at all), so the
 * next pod is deleted only once the one above it is Running and Ready again (the Kubernetes
 * StatefulSet controller's {@code updateStatefulSet}). With {@code OrderedReady} nothing is deleted
 * while any pod is not Running and Ready or is terminating (the same early return as for creation).
 * A pod whose node is down is not deleted for the update here: in Kubernetes it would stay
 * Terminating until force-deleted, and the update would wait for it all the same.
 */
final class StatefulSetController implements AutoCloseable {
  static final long RESYNC_MILLIS = 100;

  /** How the controller makes and removes pods: the sandbox's pod "runtime". */
  interface PodRuntime {
    /** A new pod with this ordinal: namespace, address, DNS record, container started. */
    Kubelet create(int ordinal);

    /** The pod is deleted: preStop and a graceful stop, its namespace and DNS record removed. */
    void delete(Kubelet pod, String why);
  }

  enum Phase {
    RUNNING,
    TERMINATING,
    /** Its node is down: it exists, but nothing runs for it. */
    NODE_DOWN
  }

  /**
   * A pod as the controller holds it.
   *
   * @param revision the template revision it was made from (0 is the template the sandbox started
   *     with)
   */
  private record Slot(Kubelet kubelet, Phase phase, int revision) {}

  private final PodManagementPolicy policy;
  private final PodRuntime runtime;
  private final EventLog log;
  private final Map<Integer, Slot> pods = new TreeMap<>();
  private final ExecutorService terminations =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "statefulset-termination");
            t.setDaemon(true);
            return t;
          });
  private final Thread loop;
  private int replicas;
  private int updateRevision;
  private IntConsumer beforeUpdateStop = o -> {};
  private boolean paused;
  private volatile boolean closed;
  private RuntimeException lastError;

  StatefulSetController(
      PodManagementPolicy policy, int replicas, PodRuntime runtime, EventLog log) {
    this.policy = policy;
    this.replicas = replicas;
    this.runtime = runtime;
    this.log = log;
    this.loop = new Thread(this::run, "statefulset-controller");
    this.loop.setDaemon(true);
  }

  void start() {
    loop.start();
  }

  synchronized int replicas() {
    return replicas;
  }

  synchronized void scale(int newReplicas) {
    log.event("statefulset: replicas " + replicas + " -> " + newReplicas);
    replicas = newReplicas;
    notifyAll();
  }

  /** The controller stops creating and deleting pods (the control plane is down). */
  synchronized void pause() {
    paused = true;
  }

  synchronized void resume() {
    paused = false;
    notifyAll();
  }

  synchronized Optional<Kubelet> pod(int ordinal) {
    Slot s = pods.get(ordinal);
    return s == null ? Optional.empty() : Optional.of(s.kubelet());
  }

  synchronized Optional<Phase> phase(int ordinal) {
    Slot s = pods.get(ordinal);
    return s == null ? Optional.empty() : Optional.of(s.phase());
  }

  /** Every pod that exists, by ordinal (running, terminating or on a node that is down). */
  synchronized Map<Integer, Kubelet> pods() {
    Map<Integer, Kubelet> m = new TreeMap<>();
    pods.forEach((o, s) -> m.put(o, s.kubelet()));
    return m;
  }

  /** {@code kubectl delete pod}: graceful, asynchronous; the controller then makes it anew. */
  synchronized void delete(int ordinal, String why) {
    Slot s = pods.get(ordinal);
    if (s == null || s.phase() == Phase.TERMINATING) {
      return;
    }
    terminate(ordinal, s, why);
  }

  /** The pod's node went down: the pod stays, frozen. */
  synchronized Kubelet markNodeDown(int ordinal) {
    Slot s = pods.get(ordinal);
    if (s == null || s.phase() != Phase.RUNNING) {
      throw new SandboxException("pod " + ordinal + " is not running");
    }
    pods.put(ordinal, new Slot(s.kubelet(), Phase.NODE_DOWN, s.revision()));
    return s.kubelet();
  }

  /**
   * {@code kubectl delete pod --force}: the pod object is gone at once; returns it for the cleanup.
   */
  synchronized Optional<Kubelet> forget(int ordinal) {
    Slot s = pods.remove(ordinal);
    notifyAll();
    return s == null ? Optional.empty() : Optional.of(s.kubelet());
  }

  /**
   * The pod template changed ({@code why}, e.g. a new image): a RollingUpdate to a new revision
   * begins. {@code beforeStop} is called with each pod's ordinal just before the controller deletes
   * it for the update (a test's witness of that moment; the controller waits for it).
   */
  synchronized void rollingUpdate(String why, IntConsumer beforeStop) {
    updateRevision++;
    beforeUpdateStop = beforeStop;
    log.event(
        "statefulset: template changed (" + why + "), RollingUpdate to revision " + updateRevision);
    notifyAll();
  }

  /** Every pod of 0..replicas-1 is at the template's revision, Running and Ready. */
  synchronized boolean rolledOut() {
    if (!settled()) {
      return false;
    }
    for (Slot s : pods.values()) {
      if (s.revision() < updateRevision || !s.kubelet().ready()) {
        return false;
      }
    }
    return true;
  }

  /** Every pod exists and runs with ordinals 0..replicas-1, and no other pod exists. */
  synchronized boolean settled() {
    if (pods.size() != replicas) {
      return false;
    }
    for (int o = 0; o < replicas; o++) {
      Slot s = pods.get(o);
      if (s == null || s.phase() != Phase.RUNNING) {
        return false;
      }
    }
    return true;
  }

  synchronized RuntimeException lastError() {
    return lastError;
  }

  private void run() {
    while (!closed) {
      try {
        reconcile();
      } catch (RuntimeException e) {
        synchronized (this) {
          lastError = e;
        }
        log.event("statefulset: reconcile failed: " + e);
      }
      synchronized (this) {
        try {
          wait(RESYNC_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private synchronized void reconcile() {
    if (paused || closed) {
      return;
    }
    boolean ordered = policy == PodManagementPolicy.ORDERED_READY;
    // scale up / recreate
    for (int o = 0; o < replicas; o++) {
      Slot s = pods.get(o);
      if (s != null) {
        if (ordered && !(s.phase() == Phase.RUNNING && s.kubelet().ready())) {
          return; // OrderedReady: nothing above a pod that is not Running and Ready
        }
        continue;
      }
      if (ordered && pods.values().stream().anyMatch(x -> x.phase() == Phase.TERMINATING)) {
        return;
      }
      log.event("statefulset: creating pod " + o);
      Kubelet k = runtime.create(o);
      pods.put(o, new Slot(k, Phase.RUNNING, updateRevision));
      if (ordered) {
        return; // one at a time; the next once this one is Ready
      }
    }
    // scale down, highest ordinal first
    List<Integer> surplus = new ArrayList<>();
    pods.forEach(
        (o, s) -> {
          if (o >= replicas && s.phase() != Phase.TERMINATING) {
            surplus.add(o);
          }
        });
    surplus.sort(java.util.Comparator.reverseOrder());
    for (int o : surplus) {
      if (ordered && pods.values().stream().anyMatch(x -> x.phase() == Phase.TERMINATING)) {
        return;
      }
      terminate(o, pods.get(o), "scaled down to " + replicas + " replicas");
      if (ordered) {
        return;
      }
    }
    if (ordered && pods.values().stream().anyMatch(x -> x.phase() == Phase.TERMINATING)) {
      return;
    }
    rollOn();
  }

  /**
   * RollingUpdate, one step: from the highest ordinal down, delete the first pod at an older
   * revision, unless a pod above it is not Running and Ready (then wait for it).
   */
  private void rollOn() {
    for (int o = replicas - 1; o >= 0; o--) {
      Slot s = pods.get(o);
      if (s == null || s.phase() == Phase.NODE_DOWN) {
        return; // not there yet (it is being recreated), or its node is down
      }
      if (s.revision() < updateRevision && s.phase() != Phase.TERMINATING) {
        beforeUpdateStop.accept(o);
        terminate(o, s, "rolling update to revision " + updateRevision);
        return;
      }
      if (s.phase() != Phase.RUNNING || !s.kubelet().ready()) {
        return; // wait until it is Running and Ready
      }
    }
  }

  private void terminate(int ordinal, Slot s, String why) {
    Kubelet k = s.kubelet();
    pods.put(ordinal, new Slot(k, Phase.TERMINATING, s.revision()));
    log.event("statefulset: deleting pod " + ordinal + " (" + why + ")");
    terminations.submit(
        () -> {
          try {
            runtime.delete(k, why);
          } catch (RuntimeException e) {
            log.event("statefulset: deleting pod " + ordinal + " failed: " + e);
          } finally {
            synchronized (StatefulSetController.this) {
              Slot now = pods.get(ordinal);
              if (now != null && now.kubelet() == k) {
                pods.remove(ordinal);
              }
              StatefulSetController.this.notifyAll();
            }
          }
        });
  }

  /** Waits until {@link #settled()}; false when {@code timeout} ran out first. */
  synchronized boolean awaitSettled(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!settled()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), RESYNC_MILLIS)));
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    loop.interrupt();
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    terminations.shutdown();
    try {
      terminations.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
