package io.glusterctl.probe.e2e.sandbox;

import io.glusterctl.probe.model.Peer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Kubernetes StatefulSet of real glusterd pods on one machine, with everything Kubernetes does
 * around the program: pods ({@link Pod}), PersistentVolumes ({@link PersistentVolumes}), the
 * kubelet ({@link Kubelet}), the StatefulSet controller ({@link StatefulSetController}), cluster
 * DNS ({@link ClusterDns}), the API ({@link ApiServerProcess}) and faults (a node down, a
 * reschedule, a lost volume, a partition, DNS down). Make one with {@link #builder()}; close it (it
 * is also closed by a shutdown hook) to remove every namespace, process and mount it made.
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
  private static final String DNS_PORT = "dns";

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
  private final Set<Integer> isolated = new TreeSet<>();
  private final List<DetachWatch> watches = new java.util.concurrent.CopyOnWriteArrayList<>();
  private boolean dnsIsolated;
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

  /**
   * The machine as a sandbox finds it: the load average and how many gluster, dnsmasq and java
   * processes already run (on a quiet machine between two sandboxes: no gluster, no dnsmasq, the
   * Maven and test JVMs). Printed at every start and stop, so that a CI log shows whether a slow
   * run met a busy machine or left processes behind.
   */
  static String machineSnapshot() {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (String name :
        List.of("glusterd", "glusterfsd", "glusterfs", "gluster", "dnsmasq", "java")) {
      counts.put(name, 0);
    }
    ProcessHandle.allProcesses()
        .forEach(
            p ->
                p.info()
                    .command()
                    .map(c -> c.substring(c.lastIndexOf('/') + 1))
                    .filter(counts::containsKey)
                    .ifPresent(c -> counts.merge(c, 1, Integer::sum)));
    return "load average " + loadAverage() + "; processes " + counts;
  }

  /** {@code /proc/loadavg} as it reads, or "unknown". */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void boot() {
    log.writeTo(dir.resolve("events.log"));
    String machine = machineSnapshot();
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
    awaitPodsRunning(Duration.ofSeconds(60));
    awaitGlusterd(podOrdinals(), Duration.ofSeconds(120));
  }

  /** Waits until glusterd answers the CLI in each of these pods. */
  public void awaitGlusterd(Set<Integer> ordinals, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    for (int o : ordinals) {
      while (!gluster(o, "--timeout=5", "pool", "list").ok()) {
        if (System.nanoTime() > end) {
          throw new SandboxException(
              podName(o) + ": glusterd does not answer within " + timeout + "\n" + log.tail(30));
        }
        NetworkNamespaces.sleep(Duration.ofMillis(100));
      }
    }
  }

  // ---- what tests read -------------------------------------------------------------------------

  public SandboxSettings settings() {
    return settings;
  }

  public String prefix() {
    return prefix;
  }

  public Path dir() {
    return dir;
  }

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

  public int replicas() {
    return controller.replicas();
  }

  /** The pod with this ordinal, if it exists. */
  public Optional<Pod> pod(int ordinal) {
    return controller.pod(ordinal).map(Kubelet::pod);
  }

  /** The pod with this ordinal; a {@link SandboxException} when there is none. */
  public Pod requirePod(int ordinal) {
    return pod(ordinal).orElseThrow(() -> new SandboxException("no pod " + podName(ordinal)));
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

  /** Whether the pod exists and its node is up (not down, not terminating). */
  public boolean running(int ordinal) {
    return controller.phase(ordinal).orElse(null) == StatefulSetController.Phase.RUNNING
        && pod(ordinal).map(Pod::containerRunning).orElse(false);
  }

  public List<ProbeRun> probeRuns(int ordinal, ProbeKind kind) {
    return log.probeRuns(ordinal, kind);
  }

  /** The PersistentVolume directory of {@code ordinal}. */
  public Path volume(int ordinal) {
    return volumes.path(ordinal);
  }

  /** The DNS records served now: pod FQDN to address. */
  public Map<String, String> dnsRecords() {
    return dns.records();
  }

  // ---- kubectl ---------------------------------------------------------------------------------

  /** {@code kubectl exec <pod> -- command...}. */
  public CommandResult exec(int ordinal, Duration deadline, String... command) {
    return requirePod(ordinal).exec(deadline, List.of(command));
  }

  /** {@code gluster --mode=script args...} in pod {@code ordinal}. */
  public CommandResult gluster(int ordinal, String... args) {
    List<String> argv = new ArrayList<>(List.of("gluster", "--mode=script"));
    argv.addAll(List.of(args));
    return requirePod(ordinal).exec(GLUSTER_DEADLINE, argv);
  }

  /**
   * {@code glusterctl-probe args...} in pod {@code ordinal}, as a person runs it with kubectl exec.
   */
  public CommandResult probe(int ordinal, String... args) {
    List<String> argv = new ArrayList<>(List.of("glusterctl-probe"));
    argv.addAll(List.of(args));
    return requirePod(ordinal).exec(GLUSTER_DEADLINE, argv);
  }

  /**
   * The peers pod {@code ordinal}'s glusterd lists; a {@link SandboxException} when it cannot say.
   */
  public List<Peer> peerStatus(int ordinal) {
    CommandResult r = gluster(ordinal, "--timeout=10", "peer", "status", "--xml");
    if (!r.ok()) {
      throw new SandboxException(r.describe());
    }
    return PeerStatusXml.parse(r.stdout());
  }

  /** {@link #peerStatus(int)}, or empty when glusterd could not say. */
  public Optional<List<Peer>> peerStatusIfKnown(int ordinal) {
    try {
      return Optional.of(peerStatus(ordinal));
    } catch (SandboxException e) {
      return Optional.empty();
    }
  }

  /** glusterd's UUID of the pod, from {@code glusterd.info} on its volume. */
  public Optional<String> uuid(int ordinal) {
    Path info = volumes.path(ordinal).resolve("glusterd").resolve("glusterd.info");
    if (!Files.isRegularFile(info)) {
      return Optional.empty();
    }
    for (String line : new String(read(info), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("UUID=")) {
        return Optional.of(line.substring(5).strip());
      }
    }
    return Optional.empty();
  }

  /**
   * {@code kubectl scale statefulset --replicas=n}: the API's replicas change, the controller
   * follows.
   */
  public void scale(int replicas) {
    if (apiRunning) {
      api.setReplicas(replicas);
    }
    controller.scale(replicas);
  }

  /** {@code kubectl delete pod}: graceful (preStop), then the controller recreates it. */
  public void deletePod(int ordinal) {
    controller.delete(ordinal, "kubectl delete pod " + podName(ordinal));
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
                + log.tail(30));
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
        "no new " + podName(ordinal) + " within " + timeout + "\n" + log.tail(30));
  }

  /**
   * Starts a {@link DetachWatch} that polls every desired pod's peer list twice a probe period (at
   * least two seconds apart: every listing costs a gluster CLI run).
   */
  public DetachWatch watchDetachments() {
    Duration half = probePeriod().dividedBy(2);
    DetachWatch w =
        new DetachWatch(
            this, half.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : half);
    watches.add(w);
    return w;
  }

  /**
   * How many probe periods {@code real} time is, rounded up: for budgets in glusterd's own
   * (unscaled) time.
   */
  public int periodsFor(Duration real) {
    return (int) Math.ceil((double) real.toNanos() / probePeriod().toNanos());
  }

  /**
   * Waits until every pod in {@code expected} lists exactly the others of {@code expected}, by
   * FQDN, as {@code Peer in Cluster (Connected)}, and returns how many probe periods (liveness
   * periods, rounded up) that took. Throws an {@link AssertionError} that shows every pod's view
   * when it has not happened within {@code maxPeriods} periods.
   */
  public int awaitConverged(Set<Integer> expected, int maxPeriods) {
    return PoolConvergence.await(this, expected, maxPeriods);
  }

  /**
   * What keeps the pool from being exactly {@code expected}: per pod of {@code expected} that is
   * not right, what it lists instead. Empty when every one of them lists exactly the others by
   * FQDN, each {@code Peer in Cluster (Connected)}.
   */
  public Map<Integer, String> poolProblems(Set<Integer> expected) {
    return PoolConvergence.problems(this, expected);
  }

  // ---- faults ----------------------------------------------------------------------------------

  /**
   * The pod's node goes down: its link is cut in the switch and every process of the pod is frozen
   * (SIGSTOP). The pod still exists (its DNS record stays) until {@link #reschedule(int)}.
   */
  public void nodeDown(int ordinal) {
    Kubelet k = controller.markNodeDown(ordinal);
    log.event("fault: node of " + k.pod().name() + " down");
    network.cut(k.pod().switchPort());
    k.halt();
    k.pod().freeze();
  }

  /**
   * The pod of a node that is down is force-deleted and rescheduled elsewhere: its frozen processes
   * are killed, and the controller makes it anew (new namespace, new address, same
   * PersistentVolume).
   */
  public Pod reschedule(int ordinal) {
    Kubelet k =
        controller.pod(ordinal).orElseThrow(() -> new SandboxException("no pod " + ordinal));
    int incarnation = k.pod().incarnation();
    log.event("fault: " + k.pod().name() + " force-deleted for rescheduling");
    k.halt();
    pods.remove(k.pod());
    controller.forget(ordinal);
    return awaitNewPod(ordinal, incarnation, Duration.ofSeconds(60));
  }

  /**
   * The pod's container is stopped (glusterd gets SIGTERM, no preStop) and the kubelet does not
   * restart it until {@link #startContainer(int)}: a window in which a test changes the pod's
   * volume while its glusterd is down. The restart that follows counts in {@link #restarts(int)}.
   */
  public void stopContainer(int ordinal) {
    Kubelet k =
        controller.pod(ordinal).orElseThrow(() -> new SandboxException("no pod " + ordinal));
    k.holdStopped("fault: glusterd of " + podName(ordinal) + " stopped");
  }

  /**
   * Lets the kubelet restart the container stopped by {@link #stopContainer(int)}, and waits until
   * its glusterd answers.
   */
  public void startContainer(int ordinal) {
    Kubelet k =
        controller.pod(ordinal).orElseThrow(() -> new SandboxException("no pod " + ordinal));
    k.release();
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!running(ordinal)) {
      if (System.nanoTime() > end) {
        throw new SandboxException(
            podName(ordinal) + ": container not restarted within 60 s\n" + log.tail(30));
      }
      NetworkNamespaces.sleep(Duration.ofMillis(100));
    }
    awaitGlusterd(Set.of(ordinal), Duration.ofSeconds(90));
  }

  /**
   * The volume of {@code ordinal} is lost: everything on it is deleted (its pod keeps running).
   * What that pod listed before no longer counts for the {@link DetachWatch}es.
   */
  public void loseVolume(int ordinal) {
    log.event("fault: volume of " + podName(ordinal) + " lost");
    volumes.lose(ordinal);
    volumes.claim(ordinal);
    watches.forEach(w -> w.forget(ordinal));
  }

  /** A network partition: these pods reach only each other, not the other pods, DNS or the API. */
  public synchronized void partition(int... ordinals) {
    for (int o : ordinals) {
      network.isolate(requirePod(o).switchPort());
      isolated.add(o);
    }
    log.event("fault: partition " + isolated + " | the rest");
  }

  /**
   * A network partition in which cluster DNS is on the side of {@code ordinals}: they reach each
   * other and DNS, the other pods reach only each other (and the API).
   */
  public synchronized void partitionWithDns(int... ordinals) {
    network.isolate(DNS_PORT);
    dnsIsolated = true;
    partition(ordinals);
    log.event("fault: cluster DNS is on the side of " + isolated);
  }

  /** Ends every partition. */
  public synchronized void heal() {
    for (int o : isolated) {
      pod(o).ifPresent(p -> network.rejoin(p.switchPort()));
    }
    isolated.clear();
    if (dnsIsolated) {
      network.rejoin(DNS_PORT);
      dnsIsolated = false;
    }
    log.event("fault: partition healed");
  }

  /**
   * The pod's link is cut (its switch port down): it reaches nothing, and nothing reaches it; its
   * processes keep running. Undone by {@link #restoreLink(int)}.
   */
  public void cutLink(int ordinal) {
    log.event("fault: link of " + podName(ordinal) + " cut");
    network.cut(requirePod(ordinal).switchPort());
  }

  public void restoreLink(int ordinal) {
    pod(ordinal).ifPresent(p -> network.restore(p.switchPort()));
    log.event("link of " + podName(ordinal) + " restored");
  }

  /** Fault: the API is unreachable (its link is cut: requests time out) until {@link #apiUp()}. */
  public void apiDown() {
    if (apiRunning) {
      log.event("fault: API unreachable");
      network.cut("api");
    }
  }

  public void apiUp() {
    if (apiRunning) {
      network.restore("api");
      log.event("API reachable again");
    }
  }

  /**
   * Everything the probes and hooks of every pod with this ordinal printed, in full, over all its
   * incarnations ({@link Pod#probeOutputLog()}).
   */
  public String probeOutput(int ordinal) {
    return readPodFiles(ordinal, "probe-output.log");
  }

  /**
   * glusterd's {@code cmd_history.log} of every pod with this ordinal, over all its incarnations:
   * one line for every command glusterd carried out ({@code peer probe}, {@code peer detach},
   * {@code volume create}...), with its result; read-only listings are not in it.
   */
  public List<String> glusterdCommands(int ordinal) {
    return readPodFiles(ordinal, "log/cmd_history.log").lines().filter(l -> !l.isBlank()).toList();
  }

  private String readPodFiles(int ordinal, String file) {
    StringBuilder b = new StringBuilder();
    Path pods = dir.resolve("pods");
    try (var s = Files.list(pods)) {
      for (Path d :
          s.filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .matches(java.util.regex.Pattern.quote(podName(ordinal)) + "-[0-9]+"))
              .sorted(
                  java.util.Comparator.comparingInt(
                      (Path p) -> {
                        String n = p.getFileName().toString();
                        return Integer.parseInt(n.substring(n.lastIndexOf('-') + 1));
                      }))
              .toList()) {
        Path f = d.resolve(file);
        if (Files.isRegularFile(f)) {
          b.append(new String(read(f), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toString();
  }

  /** The API's bearer token the pods were given (empty without an API): for leak checks. */
  public String apiToken() {
    return apiRunning ? token : "";
  }

  public void stopDns() {
    log.event("fault: cluster DNS down");
    dns.stop();
  }

  public void startDns() {
    log.event("cluster DNS up");
    dns.start();
  }

  /**
   * Fault: the API answers every request with {@code status} (e.g. 403) until {@link
   * #apiRecovers()}.
   */
  public void apiFails(int status) {
    if (apiRunning) {
      api.fail(status);
    }
  }

  public void apiRecovers() {
    if (apiRunning) {
      api.recover();
    }
  }

  /**
   * The Events the pods posted to the API, as the API stores them now (one object per Event name,
   * its count grown by repeats); none without an API.
   */
  public List<com.grack.nanojson.JsonObject> events() {
    return apiRunning ? api.events() : List.of();
  }

  /** Whether the fake API server runs (it is on the classpath and was asked for). */
  public boolean apiRunning() {
    return apiRunning;
  }

  /**
   * The whole cluster is powered off: the controller stops, every pod's processes are killed at
   * once (no preStop: machines switched off) and cluster DNS stops. Volumes stay.
   */
  public void clusterDown() {
    log.event("fault: the whole cluster is powered off");
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
  public void clusterUp() {
    log.event("the cluster is powered on");
    dns.start();
    controller.resume();
    awaitPodsRunning(Duration.ofSeconds(60));
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
      System.out.println("[sandbox " + prefix + "] closed; " + machineSnapshot());
    }
  }
}
