package io.glusterctl.probe.e2e.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command on the host: an argv list (never {@code sh -c}), always with a deadline. A
 * command that passes its deadline is killed with SIGKILL, together with every process it started.
 */
public final class Command {
  private Command() {}

  public static CommandResult run(Duration deadline, String... argv) {
    return run(List.of(argv), null, deadline);
  }

  public static CommandResult run(List<String> argv, Duration deadline) {
    return run(argv, null, deadline);
  }

  /**
   * Runs {@code argv} with exactly the environment {@code env} (the caller's when null) and waits
   * at most {@code deadline}.
   */
  public static CommandResult run(List<String> argv, Map<String, String> env, Duration deadline) {
    ProcessBuilder pb =
        new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(devNull()));
    if (env != null) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new CommandResult(argv, 127, "", e.getMessage(), Duration.ZERO);
    }
    StreamGobbler out = new StreamGobbler(p.getInputStream());
    StreamGobbler err = new StreamGobbler(p.getErrorStream());
    boolean finished;
    try {
      finished = p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(p.toHandle());
      Thread.currentThread().interrupt();
      throw new SandboxException("interrupted while running " + String.join(" ", argv), e);
    }
    if (!finished) {
      killTree(p.toHandle());
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    int code = finished ? p.exitValue() : CommandResult.TIMED_OUT;
    return new CommandResult(argv, code, out.text(), err.text(), took);
  }

  /**
   * Stops a process the sandbox started: SIGTERM, and SIGKILL when it has not ended within {@code
   * grace}.
   */
  static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGKILL for a process and all its descendants, children first seen, by PID. */
  public static void killTree(ProcessHandle process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  static java.io.File devNull() {
    return new java.io.File("/dev/null");
  }

  /** Reads a stream to its end on a thread of its own, so that a chatty command never blocks. */
  static final class StreamGobbler {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;

    StreamGobbler(InputStream in) {
      thread =
          new Thread(
              () -> {
                try (in) {
                  in.transferTo(buffer);
                } catch (IOException e) {
                  // the process was killed; keep what was read
                }
              },
              "sandbox-output");
      thread.setDaemon(true);
      thread.start();
    }

    String text() {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }

  static void checkedIo(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FunctionalInterface
  interface IoAction {
    void run() throws IOException;
  }
}
