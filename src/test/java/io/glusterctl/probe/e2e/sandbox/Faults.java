package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * What goes wrong around the pods, each undone by its pair: network partitions and cut links,
 * cluster DNS and the API down or failing, a lost PersistentVolume, and a container held stopped (a
 * window in which a test changes a pod's volume while its glusterd is down). A node that goes down
 * is a {@link Cluster} event ({@link Cluster#nodeDown(int)}).
 */
public final class Faults {
  private static final String DNS_PORT = Sandbox.DNS_PORT;

  private final Sandbox sandbox;
  private final SandboxNetwork network;
  private final PersistentVolumes volumes;
  private final ClusterDns dns;
  private final ApiServerProcess api;
  private final Set<Integer> isolated = new TreeSet<>();
  private boolean dnsIsolated;

  Faults(
      Sandbox sandbox,
      SandboxNetwork network,
      PersistentVolumes volumes,
      ClusterDns dns,
      ApiServerProcess api) {
    this.sandbox = sandbox;
    this.network = network;
    this.volumes = volumes;
    this.dns = dns;
    this.api = api;
  }

  // ---- the network ------------------------------------------------------------------------------

  /** A network partition: these pods reach only each other, not the other pods, DNS or the API. */
  public synchronized void partition(int... ordinals) {
    for (int o : ordinals) {
      network.isolate(sandbox.cluster().requirePod(o).switchPort());
      isolated.add(o);
    }
    sandbox.log().event("fault: partition " + isolated + " | the rest");
  }

  /**
   * A network partition in which cluster DNS is on the side of {@code ordinals}: they reach each
   * other and DNS, the other pods reach only each other (and the API).
   */
  public synchronized void partitionWithDns(int... ordinals) {
    network.isolate(DNS_PORT);
    dnsIsolated = true;
    partition(ordinals);
    sandbox.log().event("fault: cluster DNS is on the side of " + isolated);
  }

  /** Ends every partition. */
  public synchronized void heal() {
    for (int o : isolated) {
      sandbox.cluster().pod(o).ifPresent(p -> network.rejoin(p.switchPort()));
    }
    isolated.clear();
    if (dnsIsolated) {
      network.rejoin(DNS_PORT);
      dnsIsolated = false;
    }
    sandbox.log().event("fault: partition healed");
  }

  /**
   * The pod's link is cut (its switch port down): it reaches nothing, and nothing reaches it; its
   * processes keep running. Undone by {@link #restoreLink(int)}.
   */
  public void cutLink(int ordinal) {
    sandbox.log().event("fault: link of " + sandbox.podName(ordinal) + " cut");
    network.cut(sandbox.cluster().requirePod(ordinal).switchPort());
  }

  public void restoreLink(int ordinal) {
    sandbox.cluster().pod(ordinal).ifPresent(p -> network.restore(p.switchPort()));
    sandbox.log().event("link of " + sandbox.podName(ordinal) + " restored");
  }

  // ---- cluster DNS and the API -----------------------------------------------------------------

  public void stopDns() {
    sandbox.log().event("fault: cluster DNS down");
    dns.stop();
  }

  public void startDns() {
    sandbox.log().event("cluster DNS up");
    dns.start();
  }

  /** The API is unreachable (its link is cut: requests time out) until {@link #apiUp()}. */
  public void apiDown() {
    if (sandbox.apiRunning()) {
      sandbox.log().event("fault: API unreachable");
      network.cut("api");
    }
  }

  public void apiUp() {
    if (sandbox.apiRunning()) {
      network.restore("api");
      sandbox.log().event("API reachable again");
    }
  }

  /** The API answers every request with {@code status} (e.g. 403) until {@link #apiRecovers()}. */
  public void apiFails(int status) {
    if (sandbox.apiRunning()) {
      api.fail(status);
    }
  }

  public void apiRecovers() {
    if (sandbox.apiRunning()) {
      api.recover();
    }
  }

  // ---- volumes and containers ------------------------------------------------------------------

  /**
   * The volume of {@code ordinal} is lost: everything on it is deleted (its pod keeps running).
   * What that pod listed before no longer counts for the {@link DetachWatch}es.
   */
  public void loseVolume(int ordinal) {
    sandbox.log().event("fault: volume of " + sandbox.podName(ordinal) + " lost");
    volumes.lose(ordinal);
    volumes.claim(ordinal);
    sandbox.pool().forget(ordinal);
  }

  /**
   * The pod's container is stopped (glusterd gets SIGTERM, no preStop) and the kubelet does not
   * restart it until {@link #startContainer(int)}: a window in which a test changes the pod's
   * volume while its glusterd is down. The restart that follows counts in {@link
   * Cluster#restarts(int)}.
   */
  public void stopContainer(int ordinal) {
    sandbox
        .cluster()
        .kubelet(ordinal)
        .holdStopped("fault: glusterd of " + sandbox.podName(ordinal) + " stopped");
  }

  /**
   * Lets the kubelet restart the container stopped by {@link #stopContainer(int)}, and waits until
   * its glusterd answers.
   */
  public void startContainer(int ordinal) {
    sandbox.cluster().kubelet(ordinal).release();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!sandbox.cluster().running(ordinal)) {
      if (System.nanoTime() > end) {
        throw new SandboxException(
            sandbox.podName(ordinal)
                + ": container not restarted within 60 s\n"
                + sandbox.log().tail(30));
      }
      NetworkNamespaces.sleep(Duration.ofMillis(100));
    }
    sandbox.glusterPod(ordinal).awaitAnswers(Duration.ofSeconds(90));
  }
}
