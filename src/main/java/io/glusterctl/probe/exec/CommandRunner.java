package io.glusterctl.probe.exec;

import java.time.Duration;
import java.util.List;

/**
 * Runs one external command, as an argv list (never through a shell), within a timeout. The port
 * through which the program runs {@code gluster}; unit tests put a fake behind it that records the
 * argv.
 */
public interface CommandRunner {

  /**
   * Runs {@code argv} with stdin closed and returns when it has exited or been killed. Never throws
   * for a command that fails, hangs or does not exist: that is all in the result.
   *
   * @param argv the program and its arguments; the program is looked up on {@code PATH} unless it
   *     contains a {@code /}
   * @param timeout how long it may run before it and its descendants are killed
   */
  CommandResult run(List<String> argv, Duration timeout);

  /** {@link #run(List, Duration)} with the time left before {@code deadline}. */
  default CommandResult run(List<String> argv, Deadline deadline) {
    return run(argv, deadline.remaining());
  }
}
