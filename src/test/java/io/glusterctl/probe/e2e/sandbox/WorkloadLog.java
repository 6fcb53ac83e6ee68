package io.glusterctl.probe.e2e.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a writer of {@code workload.py} recorded, one {@link Write} per file it tried, and the
 * figures the data tests report: files acknowledged, the longest stretch of errors, the longest
 * time without an acknowledgement (a write that hangs shows up there, not as an error).
 *
 * @param writes every file tried, in order
 */
public record WorkloadLog(List<Write> writes) {

  /**
   * One file: acknowledged (written and fsynced without error) or failed.
   *
   * @param at when the writer finished with it
   * @param file its path as the writer recorded it ({@link VolumeClient.Workload#log()}: in the
   *     volume, relative to the mount)
   * @param ok acknowledged
   * @param sha256 the SHA-256 of what was written (acknowledged files)
   * @param error what failed (failed files)
   */
  public record Write(Instant at, String file, boolean ok, String sha256, String error) {}

  public WorkloadLog {
    writes = List.copyOf(writes);
  }

  /** Reads the writer's log; a last line that is cut off (the writer was killed) is left out. */
  public static WorkloadLog parse(String text) {
    List<Write> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 5 && f[0].equals("ack") && f[4].matches("[0-9a-f]{64}")) {
        out.add(new Write(Instant.ofEpochMilli(Long.parseLong(f[1])), f[2], true, f[4], ""));
      } else if (f.length == 4 && f[0].equals("err")) {
        out.add(new Write(Instant.ofEpochMilli(Long.parseLong(f[1])), f[2], false, "", f[3]));
      }
    }
    return new WorkloadLog(out);
  }

  public List<Write> acknowledged() {
    return writes.stream().filter(Write::ok).toList();
  }

  public List<Write> failed() {
    return writes.stream().filter(w -> !w.ok()).toList();
  }

  /**
   * The longest stretch in which the client saw errors: from the first failed write of a run of
   * failures to the next acknowledged one (or to the run's last failure, when none followed). Zero
   * without errors.
   */
  public Duration longestErrorStretch() {
    Duration longest = Duration.ZERO;
    Instant start = null;
    Instant last = null;
    for (Write w : writes) {
      if (!w.ok()) {
        if (start == null) {
          start = w.at();
        }
        last = w.at();
      } else if (start != null) {
        longest = max(longest, Duration.between(start, w.at()));
        start = null;
      }
    }
    if (start != null) {
      longest = max(longest, Duration.between(start, last));
    }
    return longest;
  }

  /** The longest time between two acknowledged writes (from the first to the last). */
  public Duration longestTimeWithoutAck() {
    Duration longest = Duration.ZERO;
    Instant previous = null;
    for (Write w : acknowledged()) {
      if (previous != null) {
        longest = max(longest, Duration.between(previous, w.at()));
      }
      previous = w.at();
    }
    return longest;
  }

  /** The first failure's error text, for messages. */
  public Optional<String> firstError() {
    return failed().stream().findFirst().map(w -> w.file() + ": " + w.error());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
