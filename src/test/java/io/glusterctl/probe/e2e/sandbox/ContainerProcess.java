package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One process of a running container, as the host sees it in {@code /proc}: what a test needs to
 * find a brick process and to tell a reaped process from a zombie.
 *
 * @param hostPid its PID on the host (what the sandbox signals)
 * @param containerPid its PID inside the container's PID namespace (what glusterd reports, e.g. in
 *     {@code volume status})
 * @param comm its {@code /proc/PID/comm} (glusterd, glusterfsd, glusterfs, tini, ...)
 * @param state its state letter from {@code /proc/PID/stat} ({@code Z} for a zombie)
 */
public record ContainerProcess(long hostPid, long containerPid, String comm, char state) {

  public boolean zombie() {
    return state == 'Z';
  }

  /** Every process in the PID namespace of {@code init} (the container's PID 1), init included. */
  static List<ContainerProcess> inNamespaceOf(ProcessHandle init) {
    Path proc = Path.of("/proc");
    String namespace = pidNamespace(proc.resolve(Long.toString(init.pid())));
    List<ContainerProcess> found = new ArrayList<>();
    if (namespace == null) {
      return found;
    }
    try (Stream<Path> s = Files.list(proc)) {
      for (Path p : s.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
        if (namespace.equals(pidNamespace(p))) {
          read(p).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      throw new SandboxException("cannot list /proc", e);
    }
    return found;
  }

  private static String pidNamespace(Path procDir) {
    try {
      return Files.readSymbolicLink(procDir.resolve("ns/pid")).toString();
    } catch (IOException e) {
      return null; // gone, or a kernel thread
    }
  }

  /** Empty when the process went away while it was read. */
  private static java.util.Optional<ContainerProcess> read(Path procDir) {
    try {
      long hostPid = Long.parseLong(procDir.getFileName().toString());
      String comm = Files.readString(procDir.resolve("comm"), StandardCharsets.UTF_8).strip();
      String stat = Files.readString(procDir.resolve("stat"), StandardCharsets.UTF_8);
      // "pid (comm) S ...": the comm may hold spaces and parentheses, the state follows the last
      // ')'
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      long nsPid = -1;
      for (String line : Files.readAllLines(procDir.resolve("status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("NSpid:")) {
          String[] pids = line.substring(6).strip().split("\\s+");
          nsPid = Long.parseLong(pids[pids.length - 1]);
        }
      }
      return java.util.Optional.of(new ContainerProcess(hostPid, nsPid, comm, state));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
