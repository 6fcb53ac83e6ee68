package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A client machine of the gluster volume, as an application host outside the StatefulSet would be:
 *
 * <ul>
 *   <li>its own network namespace {@code <prefix>-<name>} on the sandbox's bridge, with an address
 *       of the pod network, and its {@code /etc/resolv.conf} pointing at cluster DNS (the search
 *       list of a pod in the namespace);
 *   <li>a mount namespace of its own, held open by one process ({@code sleep}), in which the FUSE
 *       client is mounted ({@code mount -t glusterfs}, Debian's glusterfs-client): the mount is
 *       never visible on the machine, and it is gone when the namespace's last process is;
 *   <li>the real FUSE client process ({@code glusterfs}), which {@code mount.glusterfs} starts and
 *       which ends with the unmount; its log in the client's directory.
 * </ul>
 *
 * <p>Every command runs in the client's namespaces ({@code nsenter}). {@link #close()} stops what
 * runs (by PID), unmounts, and removes the namespace, also when a test failed; a sandbox's close
 * removes a client left open with the rest of its namespaces.
 */
public final class VolumeClient implements AutoCloseable {
  static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);

  private final String name;
  private final String netns;
  private final String address;
  private final Path dir;
  private final Path mountPoint;
  private final EventLog log;
  private final Process holder;
  private final List<Workload> workloads = new ArrayList<>();
  private boolean mounted;
  private boolean closed;

  private VolumeClient(
      String name,
      String netns,
      String address,
      Path dir,
      Path mountPoint,
      EventLog log,
      Process holder) {
    this.name = name;
    this.netns = netns;
    this.address = address;
    this.dir = dir;
    this.mountPoint = mountPoint;
    this.log = log;
    this.holder = holder;
  }

  /**
   * Makes the client: its network namespace attached to {@code network} at {@code address}, its
   * files under {@code dir}, and the process that holds its mount namespace.
   */
  static VolumeClient create(
      String name,
      String netns,
      SandboxNetwork network,
      String address,
      String dnsAddress,
      String namespace,
      Path dir,
      EventLog log) {
    try {
      Files.createDirectories(dir.resolve("log"));
      Files.createDirectories(dir.resolve("run"));
      Path mnt = Files.createDirectories(dir.resolve("mnt"));
      Files.writeString(
          dir.resolve("resolv.conf"),
          "search "
              + namespace
              + ".svc.cluster.local svc.cluster.local cluster.local\nnameserver "
              + dnsAddress
              + "\noptions ndots:5\n",
          StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("hosts"),
          "127.0.0.1\tlocalhost\n" + address + "\t" + name + "\n",
          StandardCharsets.UTF_8);
      Files.copy(
          SandboxSettings.repoDir().resolve("src/test/sandbox/workload.py"),
          dir.resolve("workload.py"),
          StandardCopyOption.REPLACE_EXISTING);
      NetworkNamespaces.create(netns);
      network.attach(netns, "c-" + name, address);
      String setup =
          "set -e; mount --bind \"$1/resolv.conf\" /etc/resolv.conf;"
              + " mount --bind \"$1/hosts\" /etc/hosts;"
              + " mount --bind \"$1/log\" /var/log/glusterfs;"
              + " mount --bind \"$1/run\" /run;"
              + " exec sleep infinity";
      Process holder =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  netns,
                  "unshare",
                  "--mount",
                  "--propagation",
                  "private",
                  "sh",
                  "-c",
                  setup,
                  "client-setup",
                  dir.toString())
              .redirectInput(Command.devNull())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("client.log").toFile()))
              .start();
      VolumeClient c = new VolumeClient(name, netns, address, dir, mnt, log, holder);
      c.awaitReady();
      log.event("client " + name + ": created (" + netns + ", " + address + ")");
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make client " + name, e);
    }
  }

  /** Waits until the holder has set up the mount namespace (its resolv.conf is the cluster's). */
  private void awaitReady() {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < end) {
      if (!holder.isAlive()) {
        throw new SandboxException(
            "client " + name + ": its namespace holder exited: " + read(dir.resolve("client.log")));
      }
      CommandResult r = exec(Duration.ofSeconds(5), "cat", "/etc/resolv.conf");
      if (r.ok() && r.stdout().contains("svc.cluster.local")) {
        return;
      }
      NetworkNamespaces.sleep(Duration.ofMillis(100));
    }
    throw new SandboxException("client " + name + ": namespace not ready");
  }

  public String name() {
    return name;
  }

  public String address() {
    return address;
  }

  /** The mount point, inside the client's mount namespace (an empty directory on the machine). */
  public Path mountPoint() {
    return mountPoint;
  }

  /** The client's directory: its logs, the workload logs. */
  public Path dir() {
    return dir;
  }

  /** Runs {@code command} in the client's network and mount namespaces. */
  public CommandResult exec(Duration deadline, String... command) {
    return Command.run(execArgv(List.of(command)), deadline);
  }

  private List<String> execArgv(List<String> command) {
    List<String> argv =
        new ArrayList<>(
            List.of("nsenter", "--target", Long.toString(holder.pid()), "--mount", "--net"));
    argv.addAll(command);
    return argv;
  }

  /**
   * {@code mount -t glusterfs -o backup-volfile-servers=<b1>:<b2>... <server>:/<volume> <mnt>}: the
   * client fetches the volume's layout from {@code server} (or, when it does not answer, from the
   * backups) and then talks to every brick itself.
   */
  public void mount(String server, List<String> backupServers, String volume) {
    List<String> argv = new ArrayList<>(List.of("mount", "-t", "glusterfs"));
    if (!backupServers.isEmpty()) {
      argv.add("-o");
      argv.add("backup-volfile-servers=" + String.join(":", backupServers));
    }
    argv.add(server + ":/" + volume);
    argv.add(mountPoint.toString());
    CommandResult r = Command.run(execArgv(argv), COMMAND_DEADLINE);
    log.event("client " + name + ": " + String.join(" ", argv) + " -> exit " + r.exitCode());
    r.orThrow();
    mounted = true;
  }

  /**
   * Unmounts the volume and waits (at most 10 s) until the FUSE client process has ended: it ends
   * on its own after the unmount, and as a daemon whose parent is long gone it is reaped by the
   * machine's init, not at once.
   */
  public void unmount() {
    if (!mounted) {
      return;
    }
    List<Long> fuse =
        NetworkNamespaces.pids(netns).stream()
            .filter(pid -> comm(pid).equals("glusterfs"))
            .toList();
    CommandResult r = exec(COMMAND_DEADLINE, "umount", mountPoint.toString());
    if (!r.ok()) {
      r = exec(COMMAND_DEADLINE, "umount", "-l", mountPoint.toString());
    }
    NetworkNamespaces.awaitGone(fuse, Duration.ofSeconds(10));
    log.event("client " + name + ": unmounted (exit " + r.exitCode() + ")");
    mounted = false;
  }

  /** {@code /proc/<pid>/comm}, or "" when the process is gone. */
  private static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/comm"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Starts writing files of known content into {@code directory} (relative to the mount), one every
   * {@code interval}, each fsynced before it counts (src/test/sandbox/workload.py).
   */
  public Workload startWriting(String directory, Duration interval) {
    Path logFile = dir.resolve("workload-" + directory + ".tsv");
    List<String> argv =
        execArgv(
            List.of(
                "python3",
                dir.resolve("workload.py").toString(),
                "write",
                mountPoint.resolve(directory).toString(),
                logFile.toString(),
                Long.toString(interval.toMillis()),
                directory));
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectInput(Command.devNull())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dir.resolve("workload.out").toFile()))
              .start();
      Workload w = new Workload(directory, p, logFile);
      synchronized (this) {
        workloads.add(w);
      }
      log.event("client " + name + ": writing into " + directory + " (pid " + p.pid() + ")");
      return w;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads every file in {@code written} (paths in the volume, as {@link Workload#log()} gives them)
   * back on this client's mount and returns the ones that are missing or differ, each with what is
   * wrong.
   */
  public List<String> filesNotAsWritten(List<WorkloadLog.Write> written) {
    Path list = dir.resolve("verify-list.tsv");
    Path out = dir.resolve("verify-out.tsv");
    StringBuilder b = new StringBuilder();
    for (WorkloadLog.Write w : written) {
      b.append(mountPoint.resolve(w.file())).append('\t').append(w.sha256()).append('\n');
    }
    try {
      Files.writeString(list, b.toString(), StandardCharsets.UTF_8);
      Files.deleteIfExists(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    exec(
            Duration.ofMinutes(5),
            "python3",
            dir.resolve("workload.py").toString(),
            "verify",
            list.toString(),
            out.toString())
        .orThrow();
    List<String> bad = new ArrayList<>();
    int ok = 0;
    for (String line : read(out).split("\n")) {
      if (line.startsWith("ok\t")) {
        ok++;
      } else if (!line.isBlank()) {
        bad.add(line.substring(line.indexOf('\t') + 1));
      }
    }
    if (ok + bad.size() != written.size()) {
      throw new SandboxException(
          "client "
              + name
              + ": verified "
              + (ok + bad.size())
              + " of "
              + written.size()
              + " files");
    }
    log.event(
        "client " + name + ": read back " + written.size() + " files, " + bad.size() + " bad");
    return bad;
  }

  /** A running writer. */
  public final class Workload implements AutoCloseable {
    private final String directory;
    private final Process process;
    private final Path logFile;

    private Workload(String directory, Process process, Path logFile) {
      this.directory = directory;
      this.process = process;
      this.logFile = logFile;
    }

    /**
     * What it did so far, each file by its path in the volume (relative to this client's mount), so
     * that another client finds it on its own mount.
     */
    public WorkloadLog log() {
      WorkloadLog onThisMount = WorkloadLog.parse(read(logFile));
      return new WorkloadLog(
          onThisMount.writes().stream()
              .map(
                  w ->
                      new WorkloadLog.Write(
                          w.at(),
                          mountPoint.relativize(Path.of(w.file())).toString(),
                          w.ok(),
                          w.sha256(),
                          w.error()))
              .toList());
    }

    public boolean running() {
      return process.isAlive();
    }

    /** Stops the writer (SIGTERM by PID; SIGKILL after 30 s) and returns what it did. */
    public WorkloadLog stop() {
      if (process.isAlive()) {
        // nsenter without a PID namespace execs the command: this PID is the writer's
        process.destroy();
        try {
          if (!process.waitFor(30, TimeUnit.SECONDS)) {
            Command.killTree(process.toHandle());
            process.waitFor(10, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Command.killTree(process.toHandle());
          Thread.currentThread().interrupt();
        }
        log.event("client " + name + ": writer into " + directory + " stopped");
      }
      return log();
    }

    @Override
    public void close() {
      stop();
    }
  }

  /**
   * Stops every writer, unmounts, stops the namespace holder (by PID) and whatever else runs in the
   * client's network namespace (the FUSE client), and removes the namespace.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Long> processes = NetworkNamespaces.pids(netns);
    try {
      for (Workload w : workloads) {
        w.stop();
      }
      if (holder.isAlive()) {
        unmount();
      }
    } finally {
      holder.destroyForcibly();
      NetworkNamespaces.killAllAndDelete(netns);
      NetworkNamespaces.awaitGone(processes, Duration.ofSeconds(10));
      log.event("client " + name + ": removed");
    }
  }

  /** Whether the FUSE mount is there, as the client's mount namespace lists it. */
  public Optional<Boolean> isMounted() {
    CommandResult r = exec(Duration.ofSeconds(10), "cat", "/proc/self/mounts");
    return r.ok()
        ? Optional.of(r.stdout().contains(" " + mountPoint + " fuse.glusterfs "))
        : Optional.empty();
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
