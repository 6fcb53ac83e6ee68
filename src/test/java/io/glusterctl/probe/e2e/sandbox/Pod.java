package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One pod of the StatefulSet, in the sense of one pod object: made when the controller creates it
 * and gone when it is deleted (a pod recreated with the same ordinal is a new {@code Pod}, with a
 * new network namespace and address but the same PersistentVolume).
 *
 * <p>Its "sandbox" is a network namespace with {@code eth0} on the sandbox bridge. Every command of
 * the pod (the container itself and each exec: probes, preStop, a person's {@code kubectl exec})
 * runs as
 *
 * <pre>
 * ip netns exec &lt;netns&gt; unshare -m -u --propagation private pod-exec.sh &lt;pod dir&gt; &lt;volume&gt; &lt;pod name&gt; CMD...
 * </pre>
 *
 * which gives it the pod's private {@code /run}, {@code /etc/hosts}, {@code /etc/resolv.conf},
 * logs, service-account directory, and the PersistentVolume's {@code /var/lib/glusterd}, {@code
 * /var/lib/glusterctl-probe} and {@code /bricks}, and the pod name as hostname (in its own UTS
 * namespace only). Each command gets exactly the pod's environment ({@code POD_NAME}, {@code
 * POD_NAMESPACE}, {@code KUBERNETES_SERVICE_HOST/PORT}, ...), as a container does.
 *
 * <p>The container: one process, the image's entrypoint, whose exec chain ends in {@code glusterd
 * -N} (so the PID held here is glusterd's). A container (re)start gets a fresh {@code /run}, as a
 * new container gets a fresh writable layer.
 */
public final class Pod {
  private final int ordinal;
  private final String name;
  private final String fqdn;
  private final int incarnation;
  private final String netns;
  private final String port;
  private final String address;
  private final Path dir;
  private final Path volume;
  private final Path podExec;
  private final Map<String, String> env;
  private Process container;
  private Instant containerStartedAt;
  private int containerStarts;

  Pod(
      int ordinal,
      String name,
      String fqdn,
      int incarnation,
      String netns,
      String port,
      String address,
      Path dir,
      Path volume,
      Path podExec,
      Map<String, String> env) {
    this.ordinal = ordinal;
    this.name = name;
    this.fqdn = fqdn;
    this.incarnation = incarnation;
    this.netns = netns;
    this.port = port;
    this.address = address;
    this.dir = dir;
    this.volume = volume;
    this.podExec = podExec;
    this.env = Map.copyOf(env);
  }

  public int ordinal() {
    return ordinal;
  }

  /** {@code <statefulset>-<ordinal>}. */
  public String name() {
    return name;
  }

  /** {@code <pod>.<service>.<namespace>.svc.cluster.local}. */
  public String fqdn() {
    return fqdn;
  }

  /** 0 for the first pod with this ordinal, then 1, 2, ... for each pod made anew. */
  public int incarnation() {
    return incarnation;
  }

  public String netns() {
    return netns;
  }

  String switchPort() {
    return port;
  }

  public String address() {
    return address;
  }

  /** The pod's own directory: run/, log/, serviceaccount/, hosts, resolv.conf, container.log. */
  public Path dir() {
    return dir;
  }

  /** The PersistentVolume's directory. */
  public Path volume() {
    return volume;
  }

  public Map<String, String> env() {
    return env;
  }

  /**
   * Lays out the pod's files as a kubelet would: {@code /etc/hosts} with the pod's own FQDN, {@code
   * /etc/resolv.conf} pointing at cluster DNS, and the service-account directory.
   */
  void prepare(String dnsAddress, String namespace, String token, byte[] caCert) {
    try {
      for (String sub : List.of("run", "log", "serviceaccount")) {
        Files.createDirectories(dir.resolve(sub));
      }
      Files.writeString(
          dir.resolve("hosts"),
          "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
              + address
              + "\t"
              + fqdn
              + "\t"
              + name
              + "\n",
          StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("resolv.conf"),
          "search "
              + namespace
              + ".svc.cluster.local svc.cluster.local cluster.local\n"
              + "nameserver "
              + dnsAddress
              + "\noptions ndots:5\n",
          StandardCharsets.UTF_8);
      Path sa = dir.resolve("serviceaccount");
      Files.writeString(sa.resolve("token"), token, StandardCharsets.UTF_8);
      Files.writeString(sa.resolve("namespace"), namespace, StandardCharsets.UTF_8);
      Files.write(sa.resolve("ca.crt"), caCert);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out pod " + name, e);
    }
  }

  /** The argv that runs {@code command} inside this pod. */
  public List<String> execArgv(List<String> command) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                netns,
                "unshare",
                "-m",
                "-u",
                "--propagation",
                "private",
                podExec.toString(),
                dir.toString(),
                volume.toString(),
                name));
    argv.addAll(command);
    return argv;
  }

  /** {@code kubectl exec}: runs {@code command} in the pod and waits at most {@code deadline}. */
  public CommandResult exec(Duration deadline, List<String> command) {
    return Command.run(execArgv(command), env, deadline);
  }

  public CommandResult exec(Duration deadline, String... command) {
    return exec(deadline, List.of(command));
  }

  /** Starts the container with a fresh {@code /run}; its output goes to {@code container.log}. */
  synchronized void startContainer(List<String> entrypoint) {
    if (container != null && container.isAlive()) {
      throw new IllegalStateException(name + ": the container is still running");
    }
    Path run = dir.resolve("run");
    try {
      deleteContents(run);
      Path log = dir.resolve("container.log");
      Files.writeString(
          log,
          "---- container start " + (containerStarts + 1) + " at " + Instant.now() + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb =
          new ProcessBuilder(execArgv(entrypoint))
              .redirectInput(Command.devNull())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().clear();
      pb.environment().putAll(env);
      container = pb.start();
      containerStartedAt = Instant.now();
      containerStarts++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the container of " + name, e);
    }
  }

  public synchronized boolean containerRunning() {
    return container != null && container.isAlive();
  }

  /** The container's PID: after the entrypoint's exec, glusterd's. */
  public synchronized OptionalLong containerPid() {
    return container != null && container.isAlive()
        ? OptionalLong.of(container.pid())
        : OptionalLong.empty();
  }

  synchronized Instant containerStartedAt() {
    return containerStartedAt;
  }

  /** How many times a container was started in this pod. */
  public synchronized int containerStarts() {
    return containerStarts;
  }

  /** The container's exit code, when it has exited. */
  synchronized OptionalLong containerExitCode() {
    return container != null && !container.isAlive()
        ? OptionalLong.of(container.exitValue())
        : OptionalLong.empty();
  }

  /**
   * Stops the container as a runtime does: SIGTERM, then SIGKILL when it has not exited within
   * {@code grace}; then every other process of the pod (exec'd probes still running) is killed, as
   * the container's cgroup would be. Returns true when it exited on SIGTERM.
   */
  boolean stopContainer(Duration grace) {
    Process p;
    synchronized (this) {
      p = container;
    }
    boolean clean = true;
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        clean = p.waitFor(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
        if (!clean) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    killAllProcesses();
    return clean;
  }

  /** SIGKILL to every process in the pod's network namespace, by PID (power off). */
  void killAllProcesses() {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<Long> pids = NetworkNamespaces.pids(netns);
      if (pids.isEmpty()) {
        return;
      }
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      NetworkNamespaces.sleep(Duration.ofMillis(50));
    }
  }

  /** Node down: every process of the pod is frozen (SIGSTOP, by PID). */
  void freeze() {
    NetworkNamespaces.signalAll(netns, "STOP");
  }

  /**
   * Everything the kubelet's probe and hook runs printed, in full (the event log keeps only the
   * first line): {@code probe-output.log} in the pod's directory, one block per run.
   */
  public Path probeOutputLog() {
    return dir.resolve("probe-output.log");
  }

  synchronized void recordOutput(ProbeKind kind, Instant at, CommandResult r) {
    String block =
        "==== "
            + at
            + " "
            + kind.name().toLowerCase(java.util.Locale.ROOT)
            + " exit "
            + (r.timedOut() ? "timeout" : Integer.toString(r.exitCode()))
            + " in "
            + r.took().toMillis()
            + " ms\n"
            + "---- stdout\n"
            + r.stdout()
            + (r.stdout().endsWith("\n") || r.stdout().isEmpty() ? "" : "\n")
            + "---- stderr\n"
            + r.stderr()
            + (r.stderr().endsWith("\n") || r.stderr().isEmpty() ? "" : "\n");
    try {
      Files.writeString(
          probeOutputLog(),
          block,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the event log still has the first line
    }
  }

  /** The glusterd log of this pod (kept across container restarts). */
  public Path glusterdLog() {
    return dir.resolve("log").resolve("glusterd.log");
  }

  private static void deleteContents(Path d) throws IOException {
    if (!Files.isDirectory(d)) {
      Files.createDirectories(d);
      return;
    }
    try (Stream<Path> s = Files.walk(d)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(d)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Override
  public String toString() {
    return name + "#" + incarnation + "(" + address + ", " + netns + ")";
  }
}
