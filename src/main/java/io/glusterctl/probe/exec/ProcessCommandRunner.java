package io.glusterctl.probe.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as real processes: argv to {@link ProcessBuilder}, never a shell; stdin closed;
 * stdout and stderr drained concurrently by two threads (so a large output cannot fill a pipe and
 * block the process), each kept up to a cap. Each command runs in a session of its own ({@link
 * ProcessSession}, through {@code setsid} when the system has it): at the deadline the process and
 * every process of its session are killed with SIGKILL, and whatever it left running when it exited
 * by itself is killed too. No process of a call outlives the call.
 */
public final class ProcessCommandRunner implements CommandRunner {
  /** How much of each of stdout and stderr is kept: 4 MiB. */
  public static final int DEFAULT_OUTPUT_CAP = 4 * 1024 * 1024;

  /** After the process was killed: how long to wait for the rest of its output. */
  private static final Duration DRAIN_GRACE = Duration.ofMillis(200);

  /**
   * After the process exited by itself: how long to wait for the end of its output (what is left in
   * a pipe drains in milliseconds; longer means a descendant that outlived it holds the pipe open).
   */
  private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(1);

  /** After SIGKILL: how long to wait for the process to be gone. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(2);

  private final Time time;
  private final int outputCap;
  private final Map<String, String> environment;
  private final Optional<Path> setsid;
  private final ProcessSession sessions = new ProcessSession(Path.of("/proc"));

  /** The system clock, a 4 MiB cap, the inherited environment. */
  public ProcessCommandRunner() {
    this(Time.SYSTEM, DEFAULT_OUTPUT_CAP, Map.of());
  }

  /**
   * @param time the clock that measures elapsed time
   * @param outputCap how many bytes of each of stdout and stderr to keep
   * @param environment variables to set in the child on top of the inherited environment (e.g.
   *     {@code LC_ALL=C})
   */
  public ProcessCommandRunner(Time time, int outputCap, Map<String, String> environment) {
    this.time = Objects.requireNonNull(time, "time");
    if (outputCap < 0) {
      throw new IllegalArgumentException("outputCap must be >= 0: " + outputCap);
    }
    this.outputCap = outputCap;
    this.environment = Map.copyOf(environment);
    this.setsid = ProcessSession.setsid();
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    List<String> command = List.copyOf(argv);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    long start = time.nanoTime();
    if (timeout.isNegative() || timeout.isZero()) {
      return new CommandResult(
          CommandResult.NOT_STARTED,
          "",
          "",
          true,
          Duration.ZERO,
          false,
          "did not run " + command.get(0) + ": no time left before the deadline");
    }
    List<String> launched = command;
    if (setsid.isPresent()) {
      ProcessSession.Resolved program =
          ProcessSession.resolve(command.get(0), System.getenv("PATH"));
      if (program.path().isEmpty()) {
        return CommandResult.notStarted(
            "cannot run " + command.get(0) + ": " + program.why(), elapsedSince(start));
      }
      launched = new ArrayList<>();
      launched.add(setsid.get().toString());
      launched.add(program.path().get().toString());
      launched.addAll(command.subList(1, command.size()));
    }
    ProcessBuilder builder = new ProcessBuilder(launched);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return CommandResult.notStarted(
          "cannot run " + launched.get(0) + ": " + startError(e), elapsedSince(start));
    }
    closeQuietly(process);
    Capture out = Capture.start(process.getInputStream(), outputCap, "stdout", process.pid());
    Capture err = Capture.start(process.getErrorStream(), outputCap, "stderr", process.pid());

    boolean timedOut = !waitFor(process, timeout.toNanos() - (time.nanoTime() - start));
    if (timedOut) {
      // the session first, while its leader is alive: its id cannot have been given to another
      sessions.kill(process.pid());
      killTree(process.toHandle());
      waitFor(process, KILL_WAIT.toNanos());
    }
    long drainNanos =
        timedOut
            ? DRAIN_GRACE.toNanos()
            : Math.max(
                DRAIN_GRACE.toNanos(),
                Math.min(
                    DRAIN_AFTER_EXIT.toNanos(), timeout.toNanos() - (time.nanoTime() - start)));
    boolean drained = out.awaitEnd(drainNanos) & err.awaitEnd(DRAIN_GRACE.toNanos());
    if (setsid.isPresent()) {
      // what the command left running: a process that forked and exited, a helper that holds its
      // output open. The session's id stays taken while it has members, so this hits nothing else.
      sessions.kill(process.pid());
    }
    int exitCode = process.isAlive() ? CommandResult.KILLED : process.exitValue();
    return new CommandResult(
        exitCode,
        out.text(),
        err.text(),
        timedOut,
        elapsedSince(start),
        !drained || out.truncated() || err.truncated(),
        "");
  }

  /**
   * Kills the process and every descendant, top down: each process's children are listed before it
   * is killed. Without a session of its own (no {@code setsid}), a grandchild whose parent exited
   * before is out of its reach.
   */
  static void killTree(ProcessHandle root) {
    Deque<ProcessHandle> pending = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    pending.add(root);
    while (!pending.isEmpty()) {
      ProcessHandle p = pending.poll();
      if (!seen.add(p.pid())) {
        continue;
      }
      List<ProcessHandle> children = p.children().toList();
      p.destroyForcibly();
      pending.addAll(children);
      // a child spawned between the listing and the kill
      p.children().forEach(pending::add);
    }
  }

  private boolean waitFor(Process process, long nanos) {
    if (nanos <= 0) {
      return !process.isAlive();
    }
    try {
      return process.waitFor(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private Duration elapsedSince(long start) {
    return Duration.ofNanos(Math.max(0, time.nanoTime() - start));
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // the child has gone already: nothing to close
    }
  }

  /**
   * {@code No such file or directory} out of {@code Cannot run program "x": error=2, No such ...}.
   */
  static String startError(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && cause.getMessage().contains("error=")) {
      m = cause.getMessage();
    }
    int i = m.indexOf("error=");
    if (i >= 0) {
      int comma = m.indexOf(", ", i);
      if (comma >= 0) {
        return m.substring(comma + 2);
      }
    }
    return m;
  }

  /** Reads one stream to its end on its own thread, keeping the first {@code cap} bytes. */
  private static final class Capture implements Runnable {
    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;
    private Thread thread;

    private Capture(InputStream in, int cap) {
      this.in = in;
      this.cap = cap;
    }

    static Capture start(InputStream in, int cap, String name, long pid) {
      Capture c = new Capture(in, cap);
      c.thread = new Thread(c, "command-" + pid + "-" + name);
      c.thread.setDaemon(true);
      c.thread.start();
      return c;
    }

    @Override
    public void run() {
      byte[] buf = new byte[64 * 1024];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (this) {
            int keep = (int) Math.max(0, Math.min(n, cap - total));
            kept.write(buf, 0, keep);
            total += n;
          }
        }
      } catch (IOException e) {
        // the stream was closed under us: what was read is what there is
      }
    }

    /** Waits for the end of the stream; false when it did not come in time. */
    boolean awaitEnd(long nanos) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return !thread.isAlive();
    }

    synchronized boolean truncated() {
      return total > cap;
    }

    synchronized String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
