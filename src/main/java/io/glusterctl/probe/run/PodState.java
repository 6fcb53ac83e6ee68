package io.glusterctl.probe.run;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.repair.RepairLedger;
import io.glusterctl.probe.state.HealEntries;
import io.glusterctl.probe.state.Loaded;
import io.glusterctl.probe.state.LockAttempt;
import io.glusterctl.probe.state.StateStore;
import io.glusterctl.probe.state.WriteResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The pod's state directory as a run uses it: the run lock, the memory kept across runs, and the
 * repair record. What cannot be read or written is said, one line each, and never stops a run: an
 * unreadable memory means "start fresh"; a damaged repair record is kept aside and makes the repair
 * history unknown (see {@link Held#keepDamagedStateAside}).
 */
public final class PodState {
  private final StateStore store;
  private final Duration lockWait;
  private final Deadline deadline;
  private final Consumer<String> warn;

  /**
   * @param lockWait how long to wait for another run's lock (at most what is left of the run)
   * @param warn where problems are said (the run's stderr)
   */
  public PodState(StateStore store, Duration lockWait, Deadline deadline, Consumer<String> warn) {
    this.store = store;
    this.lockWait = lockWait;
    this.deadline = deadline;
    this.warn = warn;
  }

  /** Says a problem the way the state's own problems are said (the run's stderr). */
  public void warn(String line) {
    warn.accept(line);
  }

  /** The wall-clock time records are stamped with. */
  public Instant now() {
    return deadline.now();
  }

  /** The state directory. */
  public Path dir() {
    return store.dir();
  }

  /** The memory as on disk, without the lock (read-only commands). */
  public Memory memory() {
    return said(store.peekMemory());
  }

  /**
   * The repair record as on disk, without the lock; a state directory that is refused (or a file
   * that cannot be read) is said once, as it reads as "no record".
   */
  public RepairLedger ledger() {
    Loaded<Map<String, String>> e = store.peekEntries();
    if (e.status() == Loaded.Status.UNREADABLE && !ledgerWarned) {
      ledgerWarned = true;
      warn.accept("WARN state: " + e.warning());
    }
    return RepairLedger.fromEntries(e.value());
  }

  private boolean ledgerWarned;

  /**
   * The heal record as on disk, without the lock: since when each heal check of the readiness gate
   * has gone unanswered.
   */
  public Map<String, Instant> healRecord() {
    Loaded<Map<String, Instant>> r = HealEntries.fromEntries(store.peekEntries());
    if (!r.warning().isEmpty()) {
      warn.accept("WARN state: " + r.warning());
    }
    return r.value();
  }

  /** The run lock, or why another run has it. */
  public sealed interface Lock permits Held, Busy {}

  /**
   * Another run held the lock past the wait, or it could not be had at all.
   *
   * @param unusable the state directory cannot be used (refused, read-only, full), rather than busy
   */
  public record Busy(String why, boolean unusable) implements Lock {
    public Busy(String why) {
      this(why, false);
    }
  }

  /** Takes the run lock, waiting up to {@code --lock-wait} (at most what is left of the run). */
  public Lock lock(String holder) {
    Duration wait = deadline.min(lockWait);
    LockAttempt a = store.lock(wait, holder);
    if (a instanceof LockAttempt.Acquired acq) {
      Held held = new Held(acq.session());
      held.keepDamagedStateAside();
      return held;
    }
    return a instanceof LockAttempt.Busy b
        ? new Busy(b.why())
        : new Busy(((LockAttempt.Failed) a).why(), true);
  }

  /** The held run lock: reads and writes of the state go through it. */
  public final class Held implements Lock, AutoCloseable {
    private final StateStore.Session locked;

    /** The repair record to use instead of the file's, when the file was found damaged. */
    private RepairLedger damagedLedger;

    /** Why nothing may be written in this run: a damaged file that could not be kept aside. */
    private Optional<String> writesRefused = Optional.empty();

    private Held(StateStore.Session locked) {
      this.locked = locked;
    }

    /**
     * A state file that cannot be read, or whose repair record does not read back, is kept aside as
     * it is, and the repair history counts as unknown from now: reading it as "start fresh" would
     * make the next run ask for a repair that had been given up, and overwrite the evidence. When
     * it cannot be kept aside, nothing is written in this run.
     */
    private void keepDamagedStateAside() {
      Loaded<Map<String, String>> e = locked.entries();
      Optional<String> damage =
          switch (e.status()) {
            case CORRUPT, UNREADABLE -> Optional.of(e.warning());
            case FOUND -> RepairLedger.damage(e.value());
            case MISSING -> Optional.empty();
          };
      if (damage.isEmpty()) {
        return;
      }
      Instant now = now();
      damagedLedger = RepairLedger.historyUnknown(now);
      try {
        Path aside = locked.keepAside(now);
        warn.accept(
            "WARN state: "
                + damage.get()
                + "; kept as "
                + aside
                + "; the repair history is unknown from now");
        saveLedger(damagedLedger);
      } catch (IOException | RuntimeException ex) {
        writesRefused =
            Optional.of(
                "the damaged state file could not be kept aside ("
                    + ex.getMessage()
                    + "); nothing is written");
        warn.accept("WARN state: " + damage.get() + "; " + writesRefused.get());
      }
    }

    public Memory memory() {
      return said(locked.memory());
    }

    public void saveMemory(Memory m) {
      WriteResult w = writesRefused.map(WriteResult::failed).orElseGet(() -> locked.saveMemory(m));
      if (w instanceof WriteResult.Failed f) {
        warn.accept("WARN state not saved: " + f.why());
      }
    }

    public RepairLedger ledger() {
      if (writesRefused.isPresent()) {
        return damagedLedger;
      }
      return RepairLedger.fromEntries(locked.entries().value());
    }

    /** Writes the repair record; why it could not be written, if it could not. */
    public Optional<String> saveLedger(RepairLedger l) {
      WriteResult w =
          writesRefused
              .map(WriteResult::failed)
              .orElseGet(() -> locked.replace(RepairLedger.PREFIX, l.toEntries()));
      if (w instanceof WriteResult.Failed f) {
        warn.accept("WARN repair record not saved: " + f.why());
        return Optional.of(f.why());
      }
      return Optional.empty();
    }

    /** Writes the heal record (readiness); a failure is said and changes nothing else. */
    public void saveHealRecord(Map<String, Instant> unansweredSince) {
      WriteResult w =
          writesRefused
              .map(WriteResult::failed)
              .orElseGet(
                  () -> locked.replace(HealEntries.PREFIX, HealEntries.toEntries(unansweredSince)));
      if (w instanceof WriteResult.Failed f) {
        warn.accept("WARN heal record not saved: " + f.why());
      }
    }

    @Override
    public void close() {
      locked.close();
    }
  }

  private Memory said(Loaded<Memory> m) {
    if (!m.warning().isEmpty()) {
      warn.accept("WARN state: " + m.warning());
    }
    return m.value();
  }
}
