package io.glusterctl.probe.e2e.sandbox;

import io.glusterctl.probe.model.Peer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pod with one ordinal as the tests look at it, over all its incarnations: its glusterd (the
 * CLI, the peer list, the UUID on its volume, {@code cmd_history.log}) and the program beside it (a
 * person's {@code glusterctl-probe} run, the kubelet's record of every probe and hook run, and what
 * they printed). Made by {@link Sandbox#glusterPod(int)}; it holds no state of its own.
 */
public final class GlusterPod {
  private final Sandbox sandbox;
  private final int ordinal;

  GlusterPod(Sandbox sandbox, int ordinal) {
    this.sandbox = sandbox;
    this.ordinal = ordinal;
  }

  public int ordinal() {
    return ordinal;
  }

  // ---- glusterd --------------------------------------------------------------------------------

  /** {@code gluster --mode=script args...} in the pod. */
  public CommandResult gluster(String... args) {
    return exec(List.of("gluster", "--mode=script"), args);
  }

  /** The peers the pod's glusterd lists; a {@link SandboxException} when it cannot say. */
  public List<Peer> peerStatus() {
    CommandResult r = gluster("--timeout=10", "peer", "status", "--xml");
    if (!r.ok()) {
      throw new SandboxException(r.describe());
    }
    return PeerStatusXml.parse(r.stdout());
  }

  /** {@link #peerStatus()}, or empty when glusterd could not say. */
  public Optional<List<Peer>> peerStatusIfKnown() {
    try {
      return Optional.of(peerStatus());
    } catch (SandboxException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the pod's glusterd lists the peer known as {@code fqdn} as disconnected (false when it
   * cannot say).
   */
  public boolean seesDisconnected(String fqdn) {
    return peerStatusIfKnown().orElse(List.of()).stream()
        .anyMatch(p -> p.knownAs(fqdn) && !p.connected());
  }

  /**
   * Whether the pod's glusterd lists the peer known as {@code fqdn} as {@code Peer in Cluster} and
   * connected (false when it cannot say).
   */
  public boolean seesConnected(String fqdn) {
    return peerStatusIfKnown().orElse(List.of()).stream()
        .anyMatch(p -> p.knownAs(fqdn) && p.healthy());
  }

  /** Waits until glusterd answers the CLI in the pod. */
  public void awaitAnswers(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!gluster("--timeout=5", "pool", "list").ok()) {
      if (System.nanoTime() > end) {
        throw new SandboxException(
            sandbox.podName(ordinal)
                + ": glusterd does not answer within "
                + timeout
                + "\n"
                + sandbox.log().tail(30));
      }
      NetworkNamespaces.sleep(Duration.ofMillis(100));
    }
  }

  /**
   * The current container's process, while it runs: its PID 1, the process the container runtime
   * started (the image's init, tini), with every process of the container under it.
   */
  public Optional<ProcessHandle> containerProcess() {
    return sandbox
        .cluster()
        .pod(ordinal)
        .flatMap(
            p ->
                p.containerPid().isPresent()
                    ? ProcessHandle.of(p.containerPid().getAsLong())
                    : Optional.empty());
  }

  /** glusterd's process, once the container's entrypoint has started it. */
  public Optional<ProcessHandle> glusterdProcess() {
    return sandbox
        .cluster()
        .pod(ordinal)
        .flatMap(
            p ->
                p.glusterdPid().isPresent()
                    ? ProcessHandle.of(p.glusterdPid().getAsLong())
                    : Optional.empty())
        .filter(h -> command(h).equals("glusterd"));
  }

  /** {@code /proc/<pid>/comm}: the process's command name, or "" when it is gone. */
  private static String command(ProcessHandle h) {
    try {
      return Files.readString(Path.of("/proc/" + h.pid() + "/comm"), StandardCharsets.UTF_8)
          .strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** glusterd's directory on the pod's PersistentVolume (the pod's {@code /var/lib/glusterd}). */
  public Path glusterdDir() {
    return sandbox.volume(ordinal).resolve("glusterd");
  }

  /**
   * Every file under glusterd's directory, by its path relative to it, with its content: to show
   * that nothing in it changed.
   */
  public Map<String, String> glusterdFiles() {
    Path root = glusterdDir();
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), read(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The names of glusterd's peer files (the UUIDs of the peers it knows), sorted. */
  public List<String> peerFiles() {
    return peerFiles(glusterdDir());
  }

  /**
   * The names of the peer files in {@code glusterdDir}'s {@code peers/} (a pod's glusterd directory
   * or a backup of one), sorted; glusterd's own hidden temporary files are left out. Empty when
   * there is no such directory or it cannot be listed (a repair may be clearing it right now).
   */
  public static List<String> peerFiles(Path glusterdDir) {
    Path peers = glusterdDir.resolve("peers");
    if (!Files.isDirectory(peers)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(peers)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  /** glusterd's UUID, from {@code glusterd.info} on the pod's volume. */
  public Optional<String> uuid() {
    Path info = glusterdDir().resolve("glusterd.info");
    if (!Files.isRegularFile(info)) {
      return Optional.empty();
    }
    for (String line : read(info).split("\n")) {
      if (line.startsWith("UUID=")) {
        return Optional.of(line.substring(5).strip());
      }
    }
    return Optional.empty();
  }

  /**
   * glusterd's {@code cmd_history.log} of every incarnation: one line for every command glusterd
   * carried out ({@code peer probe}, {@code peer detach}, {@code volume create}...), with its
   * result; read-only listings are not in it.
   */
  public List<String> commandHistory() {
    return readIncarnations("log/cmd_history.log").lines().filter(l -> !l.isBlank()).toList();
  }

  // ---- the program -----------------------------------------------------------------------------

  /** {@code glusterctl-probe args...} in the pod, as a person runs it with kubectl exec. */
  public CommandResult probe(String... args) {
    return exec(List.of("glusterctl-probe"), args);
  }

  /** The kubelet's record of the pod's runs of {@code kind}, over all its incarnations. */
  public List<ProbeRun> probeRuns(ProbeKind kind) {
    return sandbox.log().probeRuns(ordinal, kind);
  }

  /**
   * Everything the probes and hooks of every incarnation printed, in full ({@link
   * Pod#probeOutputLog()}).
   */
  public String probeOutput() {
    return readIncarnations("probe-output.log");
  }

  private CommandResult exec(List<String> command, String... args) {
    List<String> argv = new ArrayList<>(command);
    argv.addAll(List.of(args));
    return sandbox.cluster().requirePod(ordinal).exec(Sandbox.GLUSTER_DEADLINE, argv);
  }

  /** The file {@code file} of each incarnation's pod directory, oldest first, one after another. */
  private String readIncarnations(String file) {
    Pattern incarnation = Pattern.compile(Pattern.quote(sandbox.podName(ordinal)) + "-[0-9]+");
    StringBuilder b = new StringBuilder();
    try (Stream<Path> s = Files.list(sandbox.dir().resolve("pods"))) {
      for (Path d :
          s.filter(p -> incarnation.matcher(p.getFileName().toString()).matches())
              .sorted(Comparator.comparingInt(GlusterPod::incarnationOf))
              .toList()) {
        Path f = d.resolve(file);
        if (Files.isRegularFile(f)) {
          b.append(read(f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toString();
  }

  private static int incarnationOf(Path podDir) {
    String n = podDir.getFileName().toString();
    return Integer.parseInt(n.substring(n.lastIndexOf('-') + 1));
  }

  private static String read(Path p) {
    try {
      return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
