package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes StatefulSet of real glusterd pods on one machine, with everything Kubernetes does
 * around the program: pods ({@link Pod}), PersistentVolumes ({@link PersistentVolumes}), the
 * kubelet ({@link Kubelet}), the StatefulSet controller ({@link StatefulSetController}), cluster
 * DNS ({@link ClusterDns}) and the API ({@link ApiServerProcess}). Make one with {@link
 * #builder()}; close it (it is also closed by a shutdown hook) to remove every namespace, process
 * and mount it made.
 *
 * <p>It owns all of that and hands out views by role: {@link #cluster()} (kubectl's verbs, nodes
 * and power, what {@code kubectl get pods} shows), {@link #faults()} (partitions, cut links, DNS
 * and API outages, a lost volume, a container held stopped), {@link #glusterPod(int)} (one pod's
 * glusterd and the program's runs in it) and {@link #pool()} (convergence and the detach watch).
 * {@link Machine} says how busy the machine is.
 *
 * <p>Everything it makes is named with a random prefix {@code gsb<4 hex>}: network namespaces
 * {@code <prefix>-sw} (the bridge), {@code -dns}, {@code -api}, {@code -p<ordinal>[-<n>]}, and the
 * directory {@code /tmp/<prefix>}.
 */
public final class Sandbox implements AutoCloseable {
  static final int GLUSTERD_PORT = 24007;

  /**
   * How long glusterd may take to reach a peer that came back at a new address (glusterd's real
   * time, not scaled). A peer's old address is gone without an answer, so glusterd's reconnect sits
   * in a TCP SYN to it until the kernel gives up (tcp_syn_retries 6: about 127 s) before it
   * resolves the name again; measured here: 4 s to more than 45 s after a reschedule.
   */
  public static final Duration GLUSTERD_RECONNECT = Duration.ofSeconds(150);

  static final Duration GLUSTER_DEADLINE = Duration.ofSeconds(30);
  static final String DNS_PORT = "dns";

  private final SandboxSettings settings;
  private final String prefix;
  private final Path dir;
  private final EventLog log = new EventLog();
  private final SandboxNetwork network;
  private final PersistentVolumes volumes;
  private final ClusterDns dns;
  private final ApiServerProcess api;
  private final StatefulSetController controller;
  private final PodFactory pods;
  private final Cluster cluster;
  private final Faults faults;
  private final Pool pool;
  private final Thread shutdownHook;
  private final String token;
  private boolean apiRunning;
  private volatile boolean closed;

  private Sandbox(SandboxSettings settings, String prefix, Path dir) {
    this.settings = settings;
    this.prefix = prefix;
    this.dir = dir;
    this.network = new SandboxNetwork(prefix);
    this.volumes = new PersistentVolumes(dir.resolve("volumes"), settings.statefulSet());
    this.dns =
        new ClusterDns(
            dir.resolve("dns"),
            prefix + "-dns",
            SandboxNetwork.SUBNET_PREFIX + "0.2",
            serviceDomain(),
            settings.portName(),
            GLUSTERD_PORT);
    this.token = "gsb-token-" + prefix;
    this.api =
        new ApiServerProcess(
            dir.resolve("api"),
            prefix + "-api",
            SandboxNetwork.SUBNET_PREFIX + "0.3",
            token,
            settings.namespace(),
            settings.statefulSet());
    this.pods = new PodFactory(settings, prefix, dir, network, volumes, dns, log);
    this.controller = new StatefulSetController(settings.policy(), settings.replicas(), pods, log);
    this.cluster = new Cluster(this, controller, pods, network, dns, api);
    this.faults = new Faults(this, network, volumes, dns, api);
    this.pool = new Pool(this);
    this.shutdownHook = new Thread(this::close, "sandbox-cleanup-" + prefix);
  }

  public static SandboxSettings.Builder builder() {
    return new SandboxSettings.Builder();
  }

  /** Makes the sandbox and starts {@code settings.replicas()} pods; returns once they all run. */
  static Sandbox start(SandboxSettings settings) {
    SandboxRequirements.missing()
        .ifPresent(
            m -> {
              throw new SandboxException(m);
            });
    SandboxLayout.reapAbandoned();
    SandboxLayout layout = SandboxLayout.create(settings);
    Sandbox s = new Sandbox(settings, layout.prefix(), layout.dir());
    Runtime.getRuntime().addShutdownHook(s.shutdownHook);
    try {
      s.boot();
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void boot() {
    log.writeTo(dir.resolve("events.log"));
    String machine = Machine.snapshot();
    System.out.println("[sandbox " + prefix + "] starting; " + machine);
    log.event("machine at start: " + machine);
    log.event(
        "sandbox "
            + prefix
            + " in "
            + dir
            + ", time scale x"
            + settings.timeScale().factor()
            + " (timeouts x"
            + settings.timeScale().timeoutFactor()
            + ")");
    network.create();
    NetworkNamespaces.create(prefix + "-dns");
    network.attach(prefix + "-dns", DNS_PORT, dns.address());
    try {
      Files.createDirectories(dir.resolve("dns"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dns.start();
    if (settings.api() && ApiServerProcess.available()) {
      NetworkNamespaces.create(prefix + "-api");
      network.attach(prefix + "-api", "api", api.address());
      api.start(settings.replicas());
      pods.useApi(api.address(), token, read(api.caCert().orElseThrow()));
      apiRunning = true;
      log.event(
          "api: "
              + api.address()
              + ":"
              + ApiServerProcess.PORT
              + " serves statefulset "
              + settings.statefulSet()
              + " with replicas "
              + settings.replicas());
    } else {
      log.event(
          "api: not started ("
              + (settings.api()
                  ? ApiServerProcess.MAIN_CLASS + " is not on the classpath"
                  : "turned off")
              + "); pods have no API and no token");
    }
    controller.start();
    cluster.awaitPodsRunning(Duration.ofSeconds(60));
    long end = System.nanoTime() + startBudget(cluster.podOrdinals().size()).toNanos();
    for (int o : cluster.podOrdinals()) {
      glusterPod(o).awaitAnswers(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }
  }

  /**
   * How long the pods' glusterds get to answer at the start: 2 minutes, and 8 s a pod beyond 15.
   * Each glusterd 10.3 spends some 15 s of CPU on its start-up (geo-replication's configuration),
   * and here every pod's start shares the machine's cores, where a cluster gives each its own node.
   */
  static Duration startBudget(int pods) {
    return Duration.ofSeconds(Math.max(120, 8L * pods));
  }

  // ---- the views -------------------------------------------------------------------------------

  /** kubectl's verbs, nodes and power, and what {@code kubectl get pods} shows. */
  public Cluster cluster() {
    return cluster;
  }

  /** Partitions, cut links, DNS and API outages, a lost volume, a container held stopped. */
  public Faults faults() {
    return faults;
  }

  /** The pod with this ordinal (over all its incarnations): its glusterd and the program's runs. */
  public GlusterPod glusterPod(int ordinal) {
    return new GlusterPod(this, ordinal);
  }

  /** The pool as the pods' glusterd see it: convergence and the detach watch. */
  public Pool pool() {
    return pool;
  }

  // ---- what the sandbox is ---------------------------------------------------------------------

  public SandboxSettings settings() {
    return settings;
  }

  public String prefix() {
    return prefix;
  }

  public Path dir() {
    return dir;
  }

  /** The kubelet's, the controller's and the faults' events, and every probe run. */
  public EventLog log() {
    return log;
  }

  public TimeScale timeScale() {
    return settings.timeScale();
  }

  /** The liveness period in sandbox time: the unit in which convergence is counted. */
  public Duration probePeriod() {
    return settings.timeScale().seconds(settings.kubelet().liveness().periodSeconds());
  }

  /**
   * How many probe periods {@code real} time is, rounded up: for budgets in glusterd's own
   * (unscaled) time.
   */
  public int periodsFor(Duration real) {
    return (int) Math.ceil((double) real.toNanos() / probePeriod().toNanos());
  }

  /** {@code <service>.<namespace>.svc.cluster.local}. */
  public String serviceDomain() {
    return settings.service() + "." + settings.namespace() + ".svc.cluster.local";
  }

  public String podName(int ordinal) {
    return pods.podName(ordinal);
  }

  public String fqdn(int ordinal) {
    return pods.fqdn(ordinal);
  }

  /** The PersistentVolume directory of {@code ordinal}. */
  public Path volume(int ordinal) {
    return volumes.path(ordinal);
  }

  /** The DNS records served now: pod FQDN to address. */
  public Map<String, String> dnsRecords() {
    return dns.records();
  }

  /**
   * A client machine of the volume on the pod network ({@link VolumeClient}): a network namespace
   * {@code <prefix>-<name>} of its own, resolving through cluster DNS. Close it when done; the
   * sandbox's close removes it too.
   */
  public VolumeClient client(String name) {
    return VolumeClient.create(
        name,
        prefix + "-" + name,
        network,
        network.nextPodAddress(),
        dns.address(),
        settings.namespace(),
        dir.resolve("clients").resolve(name),
        log);
  }

  /** Whether the fake API server runs (it is on the classpath and was asked for). */
  public boolean apiRunning() {
    return apiRunning;
  }

  /** The API's bearer token the pods were given (empty without an API): for leak checks. */
  public String apiToken() {
    return apiRunning ? token : "";
  }

  /**
   * The API requests answered so far ({@code GET <path> -> <status> from <client address>}); empty
   * without the API.
   */
  public List<String> apiRequests() {
    return apiRunning ? api.requests() : List.of();
  }

  /**
   * The Events the pods posted to the API, as the API stores them now (one object per Event name,
   * its count grown by repeats); none without an API.
   */
  public List<com.grack.nanojson.JsonObject> events() {
    return apiRunning ? api.events() : List.of();
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes every pod, namespace and process of the sandbox; the directory stays for post-mortems.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    try {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // already shutting down: this is the hook
      }
      pods.close();
      controller.pause();
      controller.close();
      for (Kubelet k : controller.pods().values()) {
        k.halt();
        k.pod().killAllProcesses();
      }
      api.close();
      dns.close();
    } finally {
      SandboxLayout.removeNamespaces(prefix);
      SandboxLayout.markClosed(dir);
      System.out.println("[sandbox " + prefix + "] closed; " + Machine.snapshot());
    }
  }
}
