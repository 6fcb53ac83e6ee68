package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * What one command run by the sandbox did.
 *
 * @param argv the command as run
 * @param exitCode the exit code; {@link #TIMED_OUT} when the command passed its deadline and was
 *     killed
 * @param stdout everything it printed on stdout
 * @param stderr everything it printed on stderr
 * @param took how long it ran
 */
public record CommandResult(
    List<String> argv, int exitCode, String stdout, String stderr, Duration took) {

  /** The exit code recorded for a command that was killed at its deadline. */
  public static final int TIMED_OUT = -1;

  public CommandResult {
    argv = List.copyOf(argv);
  }

  public boolean ok() {
    return exitCode == 0;
  }

  public boolean timedOut() {
    return exitCode == TIMED_OUT;
  }

  /**
   * The first non-blank line of stdout, else of stderr, else an empty string (what a kubelet event
   * shows).
   */
  public String firstLine() {
    for (String text : List.of(stdout, stderr)) {
      for (String line : text.split("\n", -1)) {
        if (!line.isBlank()) {
          return line.strip();
        }
      }
    }
    return "";
  }

  /** This result when it succeeded; a {@link SandboxException} that tells what failed otherwise. */
  public CommandResult orThrow() {
    if (!ok()) {
      throw new SandboxException(describe());
    }
    return this;
  }

  /** One paragraph for failure messages: the command, how it ended and what it printed. */
  public String describe() {
    String end = timedOut() ? "timed out after " + took.toMillis() + " ms" : "exit " + exitCode;
    return String.join(" ", argv)
        + ": "
        + end
        + (stdout.isBlank() ? "" : "\n  stdout: " + stdout.strip())
        + (stderr.isBlank() ? "" : "\n  stderr: " + stderr.strip());
  }
}
