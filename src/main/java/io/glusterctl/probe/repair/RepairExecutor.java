package io.glusterctl.probe.repair;

import io.glusterctl.probe.model.RepairKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Carries out a {@link RepairPlan} on glusterd's working directory, step by step, and says what
 * each step did; stops at the first step that fails. Runs while glusterd is stopped.
 */
public final class RepairExecutor {
  /** What the repair did. */
  public enum Status {
    DONE,
    DRY_RUN,
    NOT_CONFIRMED,
    FAILED
  }

  /**
   * @param status how it ended
   * @param steps what was checked and done, as lines a person reads
   * @param backup where the backup went, if one was made
   */
  public record Result(Status status, List<String> steps, Optional<Path> backup) {
    /**
     * What the repair record keeps of it: {@code drift done at <time> (attempt 1 of 3), backup
     * <path>}.
     */
    public String summary(RepairKind kind, Instant at, int attempt) {
      return kind.label()
          + " "
          + status.name().toLowerCase(Locale.ROOT)
          + " at "
          + at
          + " (attempt "
          + attempt
          + " of "
          + RepairLedger.MAX_ATTEMPTS
          + ")"
          + backup.map(b -> ", backup " + b).orElse("");
    }
  }

  private final GlusterdStateDir state;
  private final int keepBackups;

  /**
   * @param keepBackups how many backups are kept (the oldest beyond this are deleted after a new
   *     one is made; never the new one, nor the series' first)
   */
  public RepairExecutor(GlusterdStateDir state, int keepBackups) {
    this.state = state;
    this.keepBackups = keepBackups;
  }

  /** What the plan would do, each step as a line, touching nothing. */
  public Result dryRun(RepairPlan plan) {
    if (plan instanceof RepairPlan.NotConfirmed n) {
      return new Result(Status.NOT_CONFIRMED, n.checked(), Optional.empty());
    }
    List<String> lines = new ArrayList<>(plan.checked());
    for (RepairStep step : ((RepairPlan.Steps) plan).steps()) {
      lines.add(step.planned(state.dir()) + " (dry run)");
    }
    return new Result(Status.DRY_RUN, lines, Optional.empty());
  }

  /**
   * Carries the plan out.
   *
   * @param now names the backup
   * @param seriesBackup the backup of this series' first attempt: never pruned while it lasts
   */
  public Result carryOut(RepairPlan plan, Instant now, Optional<Path> seriesBackup) {
    if (plan instanceof RepairPlan.NotConfirmed n) {
      return new Result(Status.NOT_CONFIRMED, n.checked(), Optional.empty());
    }
    RepairPlan.Steps s = (RepairPlan.Steps) plan;
    List<String> lines = new ArrayList<>(s.checked());
    Optional<Path> backup = Optional.empty();
    try {
      state.checkSafe();
      for (RepairStep step : s.steps()) {
        if (step instanceof RepairStep.Backup b) {
          Path made = state.backup(now, b.label());
          backup = Optional.of(made);
          lines.add("3 backed up to " + made);
          Set<Path> kept = new HashSet<>(Set.of(made));
          seriesBackup.ifPresent(kept::add);
          for (Path pruned : state.pruneBackups(keepBackups, kept)) {
            lines.add("3 pruned old backup " + pruned);
          }
        } else if (step instanceof RepairStep.Clear) {
          state.clearAllButInfo();
          lines.add("4 cleared " + state.dir() + " except glusterd.info, hooks/, groups/");
        } else if (step instanceof RepairStep.WriteUuid u) {
          state.writeUuid(u.uuid());
          lines.add("4 wrote back old UUID " + u.uuid() + " to glusterd.info");
        } else if (step instanceof RepairStep.WritePeer w) {
          state.writePeers(List.of(w.member()));
          lines.add(
              "5 wrote peers/" + w.member().uuid() + " (" + w.member().hostname() + ", state=3)");
        } else if (step instanceof RepairStep.SetInCluster p) {
          if (p.uuid().isEmpty() || !state.setPeerInCluster(p.uuid())) {
            lines.add("5 no peer file for " + p.uuid() + ": nothing changed");
            return new Result(Status.FAILED, lines, backup);
          }
          lines.add("5 set state=3 in peers/" + p.uuid());
        }
      }
      s.next().ifPresent(lines::add);
      return new Result(Status.DONE, lines, backup);
    } catch (IOException | RuntimeException e) {
      lines.add("FAILED: " + e.getMessage());
      return new Result(Status.FAILED, lines, backup);
    }
  }
}
