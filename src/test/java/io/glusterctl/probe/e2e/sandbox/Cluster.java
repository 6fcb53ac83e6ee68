package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * The StatefulSet's cluster as people and machines act on it: kubectl's verbs ({@code scale},
 * {@code delete pod}, {@code rollout restart}, {@code exec}), a node that goes down and its pod
 * rescheduled elsewhere, the whole cluster powered off and on; and what {@code kubectl get pods}
 * shows: which pods exist, run, are Ready, and how often their containers restarted. The
 * StatefulSet controller follows every change on its own; the {@code await} methods wait until it
 * has.
 */
public final class Cluster {
  private final Sandbox sandbox;
  private final StatefulSetController controller;
  private final PodFactory pods;
  private final SandboxNetwork network;
  private final ClusterDns dns;
  private final ApiServerProcess api;

  Cluster(
      Sandbox sandbox,
      StatefulSetController controller,
      PodFactory pods,
      SandboxNetwork network,
      ClusterDns dns,
      ApiServerProcess api) {
    this.sandbox = sandbox;
    this.controller = controller;
    this.pods = pods;
    this.network = network;
    this.dns = dns;
    this.api = api;
  }

  // ---- kubectl get pods ------------------------------------------------------------------------

  /** {@code spec.replicas}. */
  public int replicas() {
    return controller.replicas();
  }

  /** The pod with this ordinal, if it exists. */
  public Optional<Pod> pod(int ordinal) {
    return controller.pod(ordinal).map(Kubelet::pod);
  }

  /** The pod with this ordinal; a {@link SandboxException} when there is none. */
  public Pod requirePod(int ordinal) {
    return pod(ordinal).orElseThrow(() -> noPod(ordinal));
  }

  /** Ordinals of the pods that exist (running, terminating, or on a node that is down). */
  public Set<Integer> podOrdinals() {
    return new TreeSet<>(controller.pods().keySet());
  }

  /** Whether the pod is Ready (its readiness probe passes). */
  public boolean ready(int ordinal) {
    return controller.pod(ordinal).map(Kubelet::ready).orElse(false);
  }

  /** How many times the kubelet restarted the pod's container. */
  public int restarts(int ordinal) {
    return controller.pod(ordinal).map(Kubelet::restarts).orElse(0);
  }

  /** {@link #restarts(int)} of every pod that exists: a mark to count later restarts from. */
  public Map<Integer, Integer> restartCounts() {
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int o : podOrdinals()) {
      counts.put(o, restarts(o));
    }
    return counts;
  }

  /** Whether the pod exists and its node is up (not down, not terminating). */
  public boolean running(int ordinal) {
    return controller.phase(ordinal).orElse(null) == StatefulSetController.Phase.RUNNING
        && pod(ordinal).map(Pod::containerRunning).orElse(false);
  }

  // ---- kubectl verbs ---------------------------------------------------------------------------

  /** {@code kubectl exec <pod> -- command...}. */
  public CommandResult exec(int ordinal, Duration deadline, String... command) {
    return requirePod(ordinal).exec(deadline, List.of(command));
  }

  /**
   * {@code kubectl scale statefulset --replicas=n}: the API's replicas change, the controller
   * follows.
   */
  public void scale(int replicas) {
    if (sandbox.apiRunning()) {
      api.setReplicas(replicas);
    }
    controller.scale(replicas);
  }

  /** {@code kubectl delete pod}: graceful (preStop), then the controller recreates it. */
  public void deletePod(int ordinal) {
    controller.delete(ordinal, "kubectl delete pod " + sandbox.podName(ordinal));
  }

  /**
   * {@code kubectl rollout restart statefulset} (or a new image; {@code why} says which): the pod
   * template changes and the controller replaces every pod by a RollingUpdate, one at a time from
   * the highest ordinal, each once the pod above it is Running and Ready again. {@code beforeStop}
   * is called with each pod's ordinal just before the controller deletes it (a test's witness of
   * that moment; the controller waits for it, so keep it short, and it must not throw).
   */
  public void rolloutRestart(String why, IntConsumer beforeStop) {
    controller.rollingUpdate(why, beforeStop);
  }

  /**
   * {@code kubectl rollout status statefulset} says done: every pod of 0..replicas-1 runs the
   * current template and is Ready.
   */
  public boolean rolledOut() {
    return controller.rolledOut();
  }

  /** Waits until pods 0..replicas-1 all exist and run, and no other pod exists. */
  public void awaitPodsRunning(Duration timeout) {
    try {
      if (!controller.awaitSettled(timeout)) {
        throw new SandboxException(
            "pods not running within "
                + timeout
                + ": "
                + podOrdinals()
                + (controller.lastError() == null ? "" : ", last error: " + controller.lastError())
                + "\n"
                + sandbox.log().tail(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted", e);
    }
  }

  /** Waits until a pod with this ordinal runs whose incarnation is above {@code incarnation}. */
  public Pod awaitNewPod(int ordinal, int incarnation, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Optional<Pod> p = pod(ordinal);
      if (p.isPresent() && p.get().incarnation() > incarnation && running(ordinal)) {
        return p.get();
      }
      NetworkNamespaces.sleep(Duration.ofMillis(100));
    }
    throw new SandboxException(
        "no new "
            + sandbox.podName(ordinal)
            + " within "
            + timeout
            + "\n"
            + sandbox.log().tail(30));
  }

  // ---- nodes and power -------------------------------------------------------------------------

  /**
   * The pod's node goes down: its link is cut in the switch and every process of the pod is frozen
   * (SIGSTOP). The pod still exists (its DNS record stays) until {@link #reschedule(int)}.
   *
   * <p>In a cluster the lost node's pod addresses stay routed to it, so packets to the pod's
   * address vanish without an answer, and a connect to it waits out the kernel's SYN retries. On
   * the sandbox's one bridge the other pods' kernels would instead give up within seconds for want
   * of an ARP answer (a connect fails at once with "no route to host"). So every other pod is given
   * a neighbour entry for the address that leads nowhere (a MAC no one has), as a route to a dead
   * node does.
   */
  public void nodeDown(int ordinal) {
    Kubelet k = controller.markNodeDown(ordinal);
    sandbox.log().event("fault: node of " + k.pod().name() + " down");
    network.cut(k.pod().switchPort());
    for (Kubelet other : controller.pods().values()) {
      if (other != k) {
        network.leadNowhere(other.pod().netns(), k.pod().address());
      }
    }
    k.halt();
    k.pod().freeze();
  }

  /**
   * The pod of a node that is down is force-deleted and rescheduled elsewhere: its frozen processes
   * are killed, and the controller makes it anew (new namespace, new address, same
   * PersistentVolume).
   */
  public Pod reschedule(int ordinal) {
    Kubelet k = kubelet(ordinal);
    int incarnation = k.pod().incarnation();
    sandbox.log().event("fault: " + k.pod().name() + " force-deleted for rescheduling");
    k.halt();
    pods.remove(k.pod());
    controller.forget(ordinal);
    return awaitNewPod(ordinal, incarnation, Duration.ofSeconds(60));
  }

  /**
   * The whole cluster is powered off: the controller stops, every pod's processes are killed at
   * once (no preStop: machines switched off) and cluster DNS stops. Volumes stay.
   */
  public void powerOff() {
    sandbox.log().event("fault: the whole cluster is powered off");
    controller.pause();
    for (Map.Entry<Integer, Kubelet> e : controller.pods().entrySet()) {
      Kubelet k = e.getValue();
      k.halt();
      pods.remove(k.pod());
      controller.forget(e.getKey());
    }
    dns.stop();
  }

  /** The cluster comes back: DNS and the controller start, and every pod is made anew. */
  public void powerOn() {
    sandbox.log().event("the cluster is powered on");
    dns.start();
    controller.resume();
    awaitPodsRunning(Duration.ofSeconds(60));
  }

  Kubelet kubelet(int ordinal) {
    return controller.pod(ordinal).orElseThrow(() -> noPod(ordinal));
  }

  private SandboxException noPod(int ordinal) {
    return new SandboxException("no pod " + sandbox.podName(ordinal));
  }
}
