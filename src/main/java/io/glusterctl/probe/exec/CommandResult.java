package io.glusterctl.probe.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * What became of one external command.
 *
 * @param exitCode the process's exit code; {@value #NOT_STARTED} when it could not be started,
 *     {@value #KILLED} when it was killed and no exit code could be had
 * @param stdout what it printed on stdout (decoded as UTF-8, at most the runner's cap)
 * @param stderr what it printed on stderr (likewise)
 * @param timedOut whether it was killed (with its descendants) because its deadline passed
 * @param elapsed how long the call took, start to result
 * @param outputTruncated whether stdout or stderr was longer than the cap (the rest was read and
 *     thrown away), or could not be read to its end
 * @param startFailure why the command could not be started ({@code cannot run gluster: No such file
 *     or directory}); empty when it started
 */
public record CommandResult(
    int exitCode,
    String stdout,
    String stderr,
    boolean timedOut,
    Duration elapsed,
    boolean outputTruncated,
    String startFailure) {

  /** The exit code of a command that never started (as a shell says "command not found"). */
  public static final int NOT_STARTED = 127;

  /** The exit code of a killed process whose real exit status could not be had. */
  public static final int KILLED = -1;

  public CommandResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(elapsed, "elapsed");
    startFailure = startFailure == null ? "" : startFailure;
  }

  /** A result for fakes in tests: complete output, started, not truncated. */
  public CommandResult(
      int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {
    this(exitCode, stdout, stderr, timedOut, elapsed, false, "");
  }

  /** A command that could not be started. */
  public static CommandResult notStarted(String why, Duration elapsed) {
    return new CommandResult(NOT_STARTED, "", "", false, elapsed, false, why);
  }

  public boolean started() {
    return startFailure.isEmpty();
  }

  /** Started, finished in time, and exited 0. */
  public boolean succeeded() {
    return started() && !timedOut && exitCode == 0;
  }

  /**
   * One short line saying what went wrong, for a probe's output: {@code timed out after 8.0s},
   * {@code exit 1: Connection failed. Please check if gluster daemon is operational.}; {@code exit
   * 0} when nothing did.
   */
  public String summary() {
    if (!started()) {
      return startFailure;
    }
    if (timedOut) {
      return "timed out after " + seconds(elapsed) + " and was killed";
    }
    String detail = firstLine(stderr.isBlank() ? stdout : stderr);
    return "exit " + exitCode + (detail.isEmpty() ? "" : ": " + detail);
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    String line = (nl < 0 ? t : t.substring(0, nl)).strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
