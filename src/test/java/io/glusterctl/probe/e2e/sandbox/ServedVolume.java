package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A replicated gluster volume that serves data, as a user drives and inspects it with the gluster
 * CLI in a pod: start, {@code start force}, brick status, pending heals, and a brick process's
 * crash. It wraps a volume a test already created (one brick per pod at the same path, in brick
 * order), e.g. a scenario's {@code GlusterVolume}.
 */
public final class ServedVolume {
  private final Sandbox sandbox;
  private final String name;
  private final String brickPath;
  private final List<Integer> ordinals;

  private ServedVolume(Sandbox sandbox, String name, String brickPath, List<Integer> ordinals) {
    this.sandbox = sandbox;
    this.name = name;
    this.brickPath = brickPath;
    this.ordinals = List.copyOf(ordinals);
  }

  /**
   * The volume {@code name}, created by the test, with one brick at {@code brickPath} on each of
   * {@code ordinals}, in brick order.
   */
  public static ServedVolume of(
      Sandbox sandbox, String name, String brickPath, List<Integer> ordinals) {
    return new ServedVolume(sandbox, name, brickPath, ordinals);
  }

  public String name() {
    return name;
  }

  /** The ordinals of the pods with a brick of this volume, in brick order. */
  public List<Integer> brickHosts() {
    return ordinals;
  }

  /** The brick directory inside each pod. */
  public String brickPath() {
    return brickPath;
  }

  /** {@code gluster volume start <name>} in the first brick host. */
  public void start() {
    sandbox.glusterPod(ordinals.get(0)).gluster("volume", "start", name).orThrow();
    sandbox.log().event("test: volume " + name + " started");
  }

  /**
   * {@code gluster volume start <name> force} in pod {@code ordinal}: what a person runs to bring
   * an offline brick back (glusterd starts every brick it believes is not running).
   */
  public CommandResult startForce(int ordinal) {
    sandbox.log().event("test: volume start " + name + " force in " + sandbox.podName(ordinal));
    return sandbox.glusterPod(ordinal).gluster("volume", "start", name, "force");
  }

  /** The bricks as {@code volume status <name> --xml} in pod {@code ordinal} reports them. */
  public Optional<List<VolumeStatusXml.Brick>> status(int ordinal) {
    CommandResult r =
        sandbox.glusterPod(ordinal).gluster("--timeout=10", "volume", "status", name, "--xml");
    if (!r.ok()) {
      return Optional.empty();
    }
    try {
      return Optional.of(VolumeStatusXml.parse(r.stdout()));
    } catch (SandboxException e) {
      return Optional.empty();
    }
  }

  /** The brick of pod {@code ordinal} in {@code status}. */
  public Optional<VolumeStatusXml.Brick> brickOf(int ordinal, List<VolumeStatusXml.Brick> status) {
    String host = sandbox.fqdn(ordinal);
    return status.stream()
        .filter(b -> b.host().equals(host) && b.path().equals(brickPath()))
        .findFirst();
  }

  /**
   * Whether every brick is online as pod {@code ordinal}'s glusterd reports it (false when it
   * cannot say).
   */
  public boolean allBricksOnline(int ordinal) {
    return status(ordinal)
        .map(s -> s.size() == ordinals.size() && s.stream().allMatch(VolumeStatusXml.Brick::online))
        .orElse(false);
  }

  /**
   * Waits until every brick is online as pod {@code ordinal} sees it; false after {@code timeout}.
   */
  public boolean awaitBricksOnline(int ordinal, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (allBricksOnline(ordinal)) {
        return true;
      }
      NetworkNamespaces.sleep(Duration.ofMillis(500));
    }
    return allBricksOnline(ordinal);
  }

  /**
   * The entries pending heal, summed over the volume's bricks, as {@code volume heal <name> info
   * --xml} in pod {@code ordinal} lists them (the tests' own witness, not the program's parser);
   * empty when it cannot say (the query failed, or a brick was not reached).
   */
  public java.util.OptionalLong pendingHeals(int ordinal) {
    CommandResult r = sandbox.glusterPod(ordinal).gluster("volume", "heal", name, "info", "--xml");
    if (!r.ok()) {
      return java.util.OptionalLong.empty();
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<numberOfEntries>([^<]*)</numberOfEntries>")
            .matcher(r.stdout());
    long total = 0;
    int bricks = 0;
    while (m.find()) {
      if (!m.group(1).matches("[0-9]+")) {
        return java.util.OptionalLong.empty();
      }
      total += Long.parseLong(m.group(1));
      bricks++;
    }
    return bricks == ordinals.size()
        ? java.util.OptionalLong.of(total)
        : java.util.OptionalLong.empty();
  }

  /**
   * {@code volume heal <name> info} as pod {@code ordinal} prints it, with the path or GFID of each
   * pending entry: what a failed heal check shows.
   */
  public String healInfo(int ordinal) {
    CommandResult r = sandbox.glusterPod(ordinal).gluster("volume", "heal", name, "info");
    return r.stdout() + r.stderr();
  }

  /**
   * Waits until {@link #pendingHeals(int)} is 0 and returns how long that took; empty when it was
   * not within {@code timeout}.
   */
  public Optional<Duration> awaitNoPendingHeals(int ordinal, Duration timeout) {
    long start = System.nanoTime();
    long end = start + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (pendingHeals(ordinal).orElse(-1) == 0) {
        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
      }
      NetworkNamespaces.sleep(Duration.ofSeconds(1));
    }
    return Optional.empty();
  }

  /**
   * The files of {@code written} that are not on pod {@code ordinal}'s brick with their sha256
   * (read in the brick's directory with {@code sha256sum}, not through a client, which would read
   * any good replica): the witness that a rebuilt brick holds the data again.
   */
  public List<String> filesNotOnBrick(int ordinal, List<WorkloadLog.Write> written) {
    List<String> argv = new java.util.ArrayList<>(List.of("sha256sum", "--"));
    java.util.Map<String, String> expected = new java.util.TreeMap<>();
    for (WorkloadLog.Write w : written) {
      String path = brickPath + "/" + w.file();
      argv.add(path);
      expected.put(path, w.sha256());
    }
    CommandResult r = sandbox.cluster().requirePod(ordinal).exec(Duration.ofMinutes(2), argv);
    java.util.Map<String, String> found = new java.util.HashMap<>();
    for (String line : r.stdout().split("\n")) {
      int sep = line.indexOf("  ");
      if (sep > 0) {
        found.put(line.substring(sep + 2), line.substring(0, sep));
      }
    }
    return expected.entrySet().stream()
        .filter(e -> !e.getValue().equals(found.get(e.getKey())))
        .map(e -> e.getKey() + (found.containsKey(e.getKey()) ? ": sha256 differs" : ": missing"))
        .toList();
  }

  /**
   * The host PID of the brick process ({@code glusterfsd}) of pod {@code ordinal}: the PID its
   * glusterd reports, translated out of the container's PID namespace.
   */
  public OptionalLong brickPid(int ordinal) {
    Optional<VolumeStatusXml.Brick> b = status(ordinal).flatMap(s -> brickOf(ordinal, s));
    if (b.isEmpty() || !b.get().online() || b.get().pid() <= 0) {
      return OptionalLong.empty();
    }
    Pod pod = sandbox.cluster().requirePod(ordinal);
    OptionalLong host = pod.hostPid(b.get().pid());
    if (host.isPresent()) {
      ContainerProcess p =
          pod.containerProcesses().stream()
              .filter(c -> c.hostPid() == host.getAsLong())
              .findFirst()
              .orElse(null);
      if (p == null || !p.comm().equals("glusterfsd")) {
        return OptionalLong.empty();
      }
    }
    return host;
  }

  /**
   * A brick process crash: SIGKILL to the glusterfsd of pod {@code ordinal}, by its host PID.
   * Returns that PID.
   */
  public long killBrick(int ordinal) {
    long pid =
        brickPid(ordinal)
            .orElseThrow(
                () ->
                    new SandboxException(
                        "no running brick of " + name + " in " + sandbox.podName(ordinal)));
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    sandbox
        .log()
        .event(
            "fault: SIGKILL to the brick of "
                + name
                + " in "
                + sandbox.podName(ordinal)
                + " (pid "
                + pid
                + ")");
    return pid;
  }
}
