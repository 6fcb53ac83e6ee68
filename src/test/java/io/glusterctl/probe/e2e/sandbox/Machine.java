package io.glusterctl.probe.e2e.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The machine the sandboxes share, for the logs: how loaded it is and what already runs on it. A
 * slow or failed run on a busy machine then says "machine", not "program".
 */
public final class Machine {
  private Machine() {}

  /**
   * The machine as a sandbox finds it: the load average and how many gluster, dnsmasq and java
   * processes already run (on a quiet machine between two sandboxes: no gluster, no dnsmasq, the
   * Maven and test JVMs). Printed at every start and stop, so that a CI log shows whether a slow
   * run met a busy machine or left processes behind.
   */
  public static String snapshot() {
    Map<String, Integer> counts = new TreeMap<>();
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
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * How busy the machine was for a sandbox: its probe runs, how many timed out, their median time,
   * and the load average. A pool that did not converge because every probe ran into its timeout
   * says "machine", not "program".
   */
  static String load(EventLog log) {
    List<ProbeRun> runs = log.probeRuns(r -> r.kind() != ProbeKind.PRESTOP);
    long timeouts = runs.stream().filter(r -> r.exitCode() == CommandResult.TIMED_OUT).count();
    List<Long> millis = runs.stream().map(r -> r.took().toMillis()).sorted().toList();
    long median = millis.isEmpty() ? 0 : millis.get(millis.size() / 2);
    return "machine: "
        + runs.size()
        + " probe runs, "
        + timeouts
        + " timed out, median "
        + median
        + " ms; load average "
        + loadAverage();
  }
}
