package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Network namespaces by name ({@code ip netns}), and the processes that live in one. */
final class NetworkNamespaces {
  static final Duration IP_DEADLINE = Duration.ofSeconds(10);

  private NetworkNamespaces() {}

  static void create(String name) {
    Command.run(IP_DEADLINE, "ip", "netns", "add", name).orThrow();
    ip(name, "link", "set", "lo", "up");
  }

  static boolean exists(String name) {
    return list().contains(name);
  }

  static List<String> list() {
    CommandResult r = Command.run(IP_DEADLINE, "ip", "netns", "list").orThrow();
    List<String> names = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (!line.isBlank()) {
        names.add(line.strip().split("\\s+")[0]);
      }
    }
    return names;
  }

  /** The PIDs of every process whose network namespace is {@code name} ({@code ip netns pids}). */
  static List<Long> pids(String name) {
    CommandResult r = Command.run(IP_DEADLINE, "ip", "netns", "pids", name);
    List<Long> pids = new ArrayList<>();
    if (!r.ok()) {
      return pids;
    }
    for (String line : r.stdout().split("\n")) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.strip()));
      }
    }
    return pids;
  }

  /**
   * SIGKILL to every process in the namespace (by PID), then the namespace is deleted. Returns once
   * every process killed is gone (at most 10 s more): a daemon such as the FUSE client, whose
   * parent exited long ago, is reaped by the machine's init, not at once.
   */
  static void killAllAndDelete(String name) {
    if (!exists(name)) {
      return;
    }
    Set<Long> killed = new HashSet<>();
    for (int attempt = 0; attempt < 20; attempt++) {
      List<Long> pids = pids(name);
      if (pids.isEmpty()) {
        break;
      }
      killed.addAll(pids);
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      sleep(Duration.ofMillis(100));
    }
    Command.run(IP_DEADLINE, "ip", "netns", "delete", name);
    awaitGone(killed, Duration.ofSeconds(10));
  }

  /**
   * Waits until none of {@code pids} exists any more (also not as a zombie), at most {@code
   * timeout}.
   */
  static void awaitGone(Collection<Long> pids, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (pids.stream().anyMatch(pid -> ProcessHandle.of(pid).isPresent())
        && System.nanoTime() < end) {
      sleep(Duration.ofMillis(50));
    }
  }

  /**
   * Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to every process in the namespace, by
   * PID.
   */
  static void signalAll(String name, String signal) {
    List<Long> pids = pids(name);
    if (pids.isEmpty()) {
      return;
    }
    List<String> argv = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> argv.add(Long.toString(pid)));
    Command.run(argv, IP_DEADLINE);
  }

  /**
   * Starts a long-running {@code command} in the namespace ({@code ip netns exec <name>
   * command...}), stdin from /dev/null, stdout and stderr appended to {@code log}.
   */
  static Process start(String name, List<String> command, Path log) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
    argv.addAll(command);
    return new ProcessBuilder(argv)
        .redirectInput(Command.devNull())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** {@code ip -n <name> args...}, which must succeed. */
  static void ip(String name, String... args) {
    List<String> argv = new ArrayList<>(List.of("ip", "-n", name));
    argv.addAll(List.of(args));
    Command.run(argv, IP_DEADLINE).orThrow();
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted", e);
    }
  }
}
