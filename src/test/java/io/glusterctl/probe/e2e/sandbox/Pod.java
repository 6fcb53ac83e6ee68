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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One pod of the StatefulSet, in the sense of one pod object: made when the controller creates it
 * and gone when it is deleted (a pod recreated with the same ordinal is a new {@code Pod}, with a
 * new network namespace and address but the same PersistentVolume).
 *
 * <p>Its "sandbox" is a network namespace with {@code eth0} on the sandbox bridge.
 *
 * <p><b>The container runtime</b> (what containerd/runc would do, simulated here):
 *
 * <ul>
 *   <li><b>Container start</b>: the container gets namespaces of its own inside the pod's network
 *       namespace: a PID namespace (the image's ENTRYPOINT is PID 1 there, as under containerd), a
 *       mount namespace and a UTS namespace:
 *       <pre>
 * ip netns exec &lt;netns&gt; unshare --mount --uts --pid --fork --kill-child --propagation private \
 *     pod-exec.sh &lt;pod dir&gt; &lt;volume&gt; &lt;pod name&gt; ENTRYPOINT...
 * </pre>
 *       {@code pod-exec.sh} mounts the container's own {@code /proc}, gives it the pod's private
 *       {@code /run}, {@code /etc/hosts}, {@code /etc/resolv.conf}, logs, service-account
 *       directory, and the PersistentVolume's {@code /var/lib/glusterd}, {@code
 *       /var/lib/glusterctl-probe} and {@code /bricks}, sets the pod name as hostname (in the
 *       container's UTS namespace only) and execs the entrypoint, which becomes PID 1. Its output
 *       (stdout and stderr) is the container log, {@code container.log}: what {@code kubectl logs}
 *       shows. The container is a session of its own ({@code setsid}), as runc makes it; with the
 *       kernel's autogroup scheduling that also gives it its own share of the CPU, instead of one
 *       share for the whole sandbox next to other busy sessions on the machine. A (re)start gets a
 *       fresh {@code /run}, as a new container gets a fresh writable layer.
 *   <li><b>Exec</b> ({@code kubectl exec}, the kubelet's exec probes and preStop hook): the command
 *       joins the running container's namespaces (mount, UTS, network and PID: {@code nsenter}) in
 *       a session of its own (as runc execs), so it sees the container's processes, files and
 *       hostname, with exactly the pod's environment ({@code POD_NAME}, {@code POD_NAMESPACE},
 *       {@code KUBERNETES_SERVICE_HOST/PORT}, ...). Without a running container an exec fails, as
 *       {@code kubectl exec} does.
 *   <li><b>Container stop</b>: SIGTERM to the container's PID 1; when it has not exited within the
 *       grace period, SIGKILL to PID 1, and with it (the kernel's rule for a PID namespace's init)
 *       to every process in the container. Processes the container started (glusterd's bricks, the
 *       self-heal daemon) live in its PID namespace and die with it.
 * </ul>
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
  private ProcessHandle init;
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

  /** The argv that starts the container with {@code entrypoint} as its PID 1. */
  List<String> containerArgv(List<String> entrypoint) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                netns,
                // a session of its own, as runc makes the container's init (and so, with the
                // kernel's autogroup scheduling, its own share of the CPU)
                "setsid",
                "unshare",
                "--mount",
                "--uts",
                "--pid",
                "--fork",
                // the container dies with its runtime process (unshare), never outlives it
                "--kill-child",
                "--propagation",
                "private",
                podExec.toString(),
                dir.toString(),
                volume.toString(),
                name));
    argv.addAll(entrypoint);
    return argv;
  }

  /**
   * The argv that runs {@code command} in the container whose PID 1 has the host PID {@code
   * initPid}: in its mount, UTS, network and PID namespaces, with its root and working directory.
   */
  static List<String> execArgv(long initPid, List<String> command) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                // a session of its own, as runc makes each exec
                "setsid",
                "nsenter",
                "--target",
                Long.toString(initPid),
                "--mount",
                "--uts",
                "--net",
                "--pid",
                "--root",
                "--wd"));
    argv.addAll(command);
    return argv;
  }

  /**
   * {@code kubectl exec}: runs {@code command} in the pod's running container and waits at most
   * {@code deadline}. Without a running container it fails at once (exit {@value
   * #EXEC_NO_CONTAINER}), as {@code kubectl exec} does.
   */
  public CommandResult exec(Duration deadline, List<String> command) {
    ProcessHandle target = runningInit().orElse(null);
    if (target == null) {
      return new CommandResult(
          command,
          EXEC_NO_CONTAINER,
          "",
          "cannot exec in " + name + ": its container is not running",
          Duration.ZERO);
    }
    return Command.run(execArgv(target.pid(), command), env, deadline);
  }

  /** The exit code of an exec into a pod whose container is not running. */
  public static final int EXEC_NO_CONTAINER = 126;

  public CommandResult exec(Duration deadline, String... command) {
    return exec(deadline, List.of(command));
  }

  /**
   * Starts the container with a fresh {@code /run}; {@code entrypoint} becomes PID 1 of its PID
   * namespace; its output goes to {@code container.log}.
   */
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
          new ProcessBuilder(containerArgv(entrypoint))
              .redirectInput(Command.devNull())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().clear();
      pb.environment().putAll(env);
      container = pb.start();
      init = awaitInit(container);
      containerStartedAt = Instant.now();
      containerStarts++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the container of " + name, e);
    }
  }

  /**
   * The container's PID 1: the process {@code unshare --fork} made, the one descendant of the
   * runtime process that has PID 1 in a PID namespace of its own (null when the runtime process
   * ended before it forked, e.g. a failed start).
   */
  private static ProcessHandle awaitInit(Process runtime) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < end) {
      Optional<ProcessHandle> init =
          runtime.toHandle().descendants().filter(Pod::isNamespaceInit).findFirst();
      if (init.isPresent()) {
        return init.get();
      }
      if (!runtime.isAlive()) {
        return null;
      }
      NetworkNamespaces.sleep(Duration.ofMillis(5));
    }
    throw new SandboxException("the container runtime did not start the container's PID 1");
  }

  /** Whether the process is PID 1 of a PID namespace below the host's ({@code NSpid: <host> 1}). */
  private static boolean isNamespaceInit(ProcessHandle p) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
        if (line.startsWith("NSpid:")) {
          String[] pids = line.substring(6).strip().split("\\s+");
          return pids.length > 1 && pids[pids.length - 1].equals("1");
        }
      }
    } catch (IOException e) {
      // gone
    }
    return false;
  }

  public synchronized boolean containerRunning() {
    return container != null && container.isAlive();
  }

  /** The container's PID 1 while the container runs (the same process the start forked). */
  private synchronized Optional<ProcessHandle> runningInit() {
    return containerRunning() && init != null && init.isAlive()
        ? Optional.of(init)
        : Optional.empty();
  }

  /** The host PID of the container's PID 1 (the image's ENTRYPOINT), while the container runs. */
  public OptionalLong containerPid() {
    return runningInit().map(h -> OptionalLong.of(h.pid())).orElse(OptionalLong.empty());
  }

  /** Every process of the running container (its PID namespace), as the host sees them. */
  public List<ContainerProcess> containerProcesses() {
    return runningInit().map(ContainerProcess::inNamespaceOf).orElse(List.of());
  }

  /** The host PID of the container's glusterd, while it runs. */
  public OptionalLong glusterdPid() {
    return containerProcesses().stream()
        .filter(p -> p.comm().equals("glusterd"))
        .mapToLong(ContainerProcess::hostPid)
        .findFirst();
  }

  /** The host PID of the container's process that has PID {@code containerPid} inside it. */
  public OptionalLong hostPid(long containerPid) {
    return containerProcesses().stream()
        .filter(p -> p.containerPid() == containerPid)
        .mapToLong(ContainerProcess::hostPid)
        .findFirst();
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
   * Stops the container as a runtime does: SIGTERM to its PID 1; when the container has not exited
   * within {@code grace}, SIGKILL to PID 1, which takes every process of the container's PID
   * namespace with it (the kernel kills a PID namespace's members when its init dies). Then what is
   * left in the pod's network namespace (an exec that was joining the container) is killed, as the
   * container's cgroup would be. Returns true when the container exited on SIGTERM.
   */
  boolean stopContainer(Duration grace) {
    Process p;
    ProcessHandle pid1;
    synchronized (this) {
      p = container;
      pid1 = init;
    }
    boolean clean = true;
    if (p != null && p.isAlive()) {
      if (pid1 != null) {
        pid1.destroy();
      } else {
        p.destroy();
      }
      try {
        clean = p.waitFor(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
        if (!clean) {
          if (pid1 != null) {
            pid1.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
          }
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        if (pid1 != null) {
          pid1.destroyForcibly();
        }
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    killAllProcesses();
    return clean;
  }

  /**
   * SIGKILL to every process in the pod's network namespace, by PID (power off). The container's
   * PID 1 goes first, and its parent (the runtime's {@code unshare}, this JVM's child) reaps it and
   * exits: killed all at once, PID 1 would be orphaned to the machine's init and linger as a zombie
   * until that reaps it.
   */
  void killAllProcesses() {
    Process p;
    ProcessHandle pid1;
    synchronized (this) {
      p = container;
      pid1 = init;
    }
    if (pid1 != null && pid1.isAlive()) {
      pid1.destroyForcibly();
      if (p != null) {
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
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
