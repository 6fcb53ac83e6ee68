package io.glusterctl.probe.bench;

import io.glusterctl.probe.e2e.sandbox.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the gluster CLI calls the program makes: a {@code gluster} wrapper, given to the program
 * as {@code --gluster} / {@code GLUSTERCTL_GLUSTER}, appends one line per call to {@value
 * #LOG_IN_POD} in the pod (the pod's own log directory), naming the caller's PID and command line,
 * then execs the real {@code gluster}. The sandbox's own gluster calls do not go through it.
 */
public final class GlusterCallLog {
  /** Where the wrapper writes, as seen inside a pod. */
  public static final String LOG_IN_POD = "/var/log/glusterfs/gluster-calls.log";

  private static final String WRAPPER =
      """
      #!/bin/sh
      # gluster, counted: one line per call (caller PID | caller command line | arguments), then the real CLI.
      caller=$(tr '\\0' ' ' < "/proc/$PPID/cmdline" 2>/dev/null)
      printf '%s|%s|%s\\n' "$PPID" "$caller" "$*" >> /var/log/glusterfs/gluster-calls.log
      exec gluster "$@"
      """;

  /** One gluster call: who made it (PID and command line) and with which arguments. */
  public record Call(long callerPid, String caller, String arguments) {
    /**
     * The caller's program subcommand: the argument after {@code -jar <jar>} ({@code liveness}...),
     * or "".
     */
    public String subcommand() {
      String[] words = caller.split(" ");
      for (int i = 0; i + 1 < words.length; i++) {
        if (words[i].endsWith(".jar")) {
          return words[i + 1];
        }
      }
      return "";
    }
  }

  private GlusterCallLog() {}

  /**
   * Writes the wrapper into {@code dir} (which pods can see: not under /run, /etc or /var/lib) and
   * returns it.
   */
  public static Path installWrapper(Path dir) {
    Path wrapper = dir.resolve("gluster-counting");
    try {
      Files.createDirectories(dir);
      Files.writeString(wrapper, WRAPPER, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return wrapper;
  }

  /** The log of this pod, on the host. */
  public static Path logOf(Pod pod) {
    return pod.dir().resolve("log").resolve("gluster-calls.log");
  }

  /**
   * How many bytes the pod's log holds now: read only what comes after with {@link #callsSince}.
   */
  public static long mark(Pod pod) {
    try {
      Path log = logOf(pod);
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every call logged in the pod after {@code mark}. */
  public static List<Call> callsSince(Pod pod, long mark) {
    Path log = logOf(pod);
    List<Call> calls = new ArrayList<>();
    if (!Files.exists(log)) {
      return calls;
    }
    try {
      byte[] all = Files.readAllBytes(log);
      String text =
          new String(
              all,
              (int) Math.min(mark, all.length),
              (int) Math.max(0, all.length - mark),
              StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        String[] f = line.split("\\|", 3);
        if (f.length == 3 && f[0].matches("\\d+")) {
          calls.add(new Call(Long.parseLong(f[0]), f[1].strip(), f[2].strip()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return calls;
  }

  /**
   * The calls of each finished run of {@code glusterctl-probe <subcommand>}, by the run's PID, in
   * the order the runs began. A run still going (its PID alive) is left out: it may not be done.
   */
  public static Map<Long, List<Call>> finishedRuns(List<Call> calls, String subcommand) {
    Map<Long, List<Call>> runs = new LinkedHashMap<>();
    for (Call c : calls) {
      if (c.subcommand().equals(subcommand)) {
        runs.computeIfAbsent(c.callerPid(), pid -> new ArrayList<>()).add(c);
      }
    }
    runs.keySet().removeIf(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    return runs;
  }
}
