package io.glusterctl.probe.e2e.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything the sandbox's kubelets and controller did, in order: every probe run (for assertions)
 * and every event (pod created, container started or killed and why, DNS changed), for the story a
 * failing test prints.
 */
public final class EventLog {
  private final Instant start = Instant.now();
  private final List<ProbeRun> probeRuns = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private volatile PrintStream echo;
  private volatile java.io.Writer file;

  /**
   * Also appends every event to {@code path} (the sandbox keeps {@code events.log} in its
   * directory).
   */
  public void writeTo(java.nio.file.Path path) {
    try {
      file = java.nio.file.Files.newBufferedWriter(path, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private volatile boolean quietProbes;

  /**
   * Also prints every event as it happens (the demo does); with {@code quietProbes}, successful
   * liveness and readiness runs are not printed.
   */
  public void echoTo(PrintStream out, boolean quietProbes) {
    this.quietProbes = quietProbes;
    this.echo = out;
  }

  public synchronized void probe(ProbeRun run) {
    probeRuns.add(run);
    boolean routine =
        run.succeeded() && (run.kind() == ProbeKind.LIVENESS || run.kind() == ProbeKind.READINESS);
    event(
        routine && quietProbes,
        run.pod()
            + ": "
            + run.kind().name().toLowerCase(java.util.Locale.ROOT)
            + " exit "
            + (run.exitCode() == CommandResult.TIMED_OUT ? "timeout" : run.exitCode())
            + " in "
            + run.took().toMillis()
            + " ms: "
            + run.firstLine());
  }

  public synchronized void event(String text) {
    event(false, text);
  }

  private void event(boolean quiet, String text) {
    String line =
        String.format("%8.3f %s", Duration.between(start, Instant.now()).toMillis() / 1000.0, text);
    events.add(line);
    PrintStream out = echo;
    if (out != null && !quiet) {
      out.println(line);
    }
    java.io.Writer w = file;
    if (w != null) {
      try {
        w.write(line + "\n");
        w.flush();
      } catch (java.io.IOException e) {
        file = null;
      }
    }
  }

  public synchronized List<ProbeRun> probeRuns() {
    return List.copyOf(probeRuns);
  }

  public synchronized List<ProbeRun> probeRuns(Predicate<ProbeRun> filter) {
    return probeRuns.stream().filter(filter).toList();
  }

  public synchronized List<ProbeRun> probeRuns(int ordinal, ProbeKind kind) {
    return probeRuns(r -> r.ordinal() == ordinal && r.kind() == kind);
  }

  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  /** The last {@code n} events, one a line. */
  public synchronized String tail(int n) {
    return String.join("\n", events.subList(Math.max(0, events.size() - n), events.size()));
  }
}
