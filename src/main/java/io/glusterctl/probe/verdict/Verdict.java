package io.glusterctl.probe.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a probe, hook or repair answers: what kind of answer, the exit code, the line that says it
 * (the first line of the output: the kubelet keeps only the first 10 KiB), and the lines after it.
 * Made by the pure functions of this package; the commands print it ({@code --output text}: the
 * line, then the details; {@code --output json}: these fields).
 *
 * @param kind what kind of answer
 * @param exitCode the program's exit code ({@link ExitCodes})
 * @param line one short line that says it
 * @param details the lines after it: what was done, what is wrong, one each
 */
public record Verdict(Kind kind, int exitCode, String line, List<String> details) {

  /** The kinds of answer; the JSON {@code verdict} is the name. */
  public enum Kind {
    OK,
    UNHEALTHY,
    READY,
    NOT_READY,
    STAYING,
    LEFT,
    NOT_LEFT,
    BUSY,
    CANNOT_SEE,
    ACTION_FAILED,
    REPAIR_DONE,
    REPAIR_NOT_CONFIRMED,
    REPAIR_FAILED,
    REPAIR_DRY_RUN,
    REPAIR_REFUSED
  }

  public Verdict {
    details = List.copyOf(details);
  }

  public static Verdict of(Kind kind, int exitCode, String line) {
    return new Verdict(kind, exitCode, line, List.of());
  }

  /** This answer, with the pending repair withdrawn before it (if one was) as its first detail. */
  public Verdict withdrawn(Optional<String> repair) {
    if (repair.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>();
    all.add("repair withdrawn: " + repair.get());
    all.addAll(details);
    return new Verdict(kind, exitCode, line, all);
  }

  /** Another run held the lock past {@code --lock-wait}: nothing was done. */
  public static Verdict busy(String why) {
    return of(Kind.BUSY, ExitCodes.BUSY, "BUSY " + why);
  }

  /**
   * A command that needs the lock did not get it: {@code BUSY}, exit 6, when another run held it;
   * {@code ERROR}, exit 3, when the state directory cannot be used at all (refused, read-only,
   * full). Nothing was done either way.
   */
  public static Verdict lockNotTaken(String why, boolean stateDirUnusable) {
    return stateDirUnusable ? of(Kind.CANNOT_SEE, ExitCodes.CANNOT_SEE, "ERROR " + why) : busy(why);
  }

  /** The line, then the details: the text output. */
  public List<String> lines() {
    List<String> all = new ArrayList<>();
    all.add(line);
    all.addAll(details);
    return all;
  }
}
