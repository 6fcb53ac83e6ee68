package io.glusterctl.probe.plan;

import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The readiness gate on healing, a pure function: a pod is not ready while a started volume with a
 * brick on it has entries pending heal, counted over all the volume's bricks, or a brick of it that
 * could not be reached (whose entries cannot be counted). So a StatefulSet's RollingUpdate (which
 * waits for Ready before it stops the next pod) and a node drain (the PodDisruptionBudget counts
 * Ready pods) both wait until the last restart's heals are done, with no mechanism of their own:
 * the same idea as Rook asking Ceph {@code ok-to-stop} before each OSD, or Strimzi waiting for
 * in-sync replicas before the next broker.
 *
 * <p>A heal query that is not answered (timed out within the run's deadline, glusterd or glfsheal
 * failing, output that cannot be read) is neither "healed" nor "pending". It keeps the pod not
 * ready for at most {@code unknownGrace}, counted from the first run that could not tell (kept in
 * the state across runs); after that the pod is ready again with a warning that names the volume
 * and why. Not ready for ever would stall every rollout and drain on a query that is broken (a
 * glfsheal that always times out on a loaded node); ready at once would let a drain through
 * blindly. Within the grace, a transient failure (a slow glfsheal under load) costs nothing; past
 * it, the warning says that the gate is open without knowing.
 */
public final class HealGate {
  /** The memory key for a store that could not be read (no volume name contains a dot). */
  public static final String STORE = ".store";

  private HealGate() {}

  /**
   * One thing the gate looks at: a started volume with a brick on this pod and what its heal query
   * answered, or ({@link #STORE}) the glusterd store that says which volumes those are.
   *
   * @param name the volume's name, or {@link #STORE}
   * @param heal the answer, or why there is none
   * @param missingBricks bricks of this pod ({@code host:/path}) that the answer did not reach and
   *     whose directory is gone from this pod
   */
  public record Check(String name, Observed<HealSummary> heal, List<String> missingBricks) {
    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(heal, "heal");
      missingBricks = List.copyOf(missingBricks);
    }

    public Check(String name, Observed<HealSummary> heal) {
      this(name, heal, List.of());
    }
  }

  /**
   * The gate's answer.
   *
   * @param ready whether nothing holds the pod back
   * @param problems why it is not ready, one line each (the volume, the count or what is unknown)
   * @param warnings what is open without being known, one line each
   * @param checked the volumes whose heal state was known and clean
   * @param unansweredSince for the state: since when each check has gone unanswered
   */
  public record Verdict(
      boolean ready,
      List<String> problems,
      List<String> warnings,
      List<String> checked,
      Map<String, Instant> unansweredSince) {
    public Verdict {
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
      checked = List.copyOf(checked);
      unansweredSince = Map.copyOf(new TreeMap<>(unansweredSince));
    }
  }

  /**
   * The gate for these checks.
   *
   * @param checks every started volume with a brick on this pod (none: ready), with its answer
   * @param unansweredSince from the state: since when each check has gone unanswered
   * @param now this run's time
   * @param unknownGrace how long an unanswered check keeps the pod not ready
   */
  public static Verdict decide(
      List<Check> checks,
      Map<String, Instant> unansweredSince,
      Instant now,
      Duration unknownGrace) {
    List<String> restores = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    Map<String, Instant> since = new TreeMap<>();
    for (Check c : checks) {
      String what = c.name().equals(STORE) ? "the glusterd store" : "volume " + c.name();
      if (c.heal() instanceof Observed.Known<HealSummary> k) {
        HealSummary h = k.value();
        long pending = h.pendingEntries();
        if (pending > 0) {
          problems.add(
              what
                  + ": "
                  + pending
                  + (pending == 1 ? " entry" : " entries")
                  + " pending heal (counted over "
                  + (h.bricks().size() - h.unreached().size())
                  + " of "
                  + h.bricks().size()
                  + " bricks)");
        }
        for (HealSummary.BrickHeal b : h.unreached()) {
          if (c.missingBricks().contains(b.brick())) {
            restores.add(what + ": " + restore(c.name(), b.brick()));
          } else {
            problems.add(
                what
                    + ": brick "
                    + b.brick()
                    + " not reached ("
                    + firstLine(b.status())
                    + "); its entries cannot be counted");
          }
        }
        if (pending == 0 && h.unreached().isEmpty()) {
          checked.add(c.name());
        }
        continue;
      }
      String why = c.heal().unknownWhy().orElse("");
      Instant first = unansweredSince.getOrDefault(c.name(), now);
      if (first.isAfter(now)) {
        first = now; // a clock that went back: count from now
      }
      since.put(c.name(), first);
      Duration waited = Duration.between(first, now);
      if (waited.compareTo(unknownGrace) < 0) {
        problems.add(
            what
                + ": heal state unknown for "
                + seconds(waited)
                + " ("
                + why
                + "); not ready for at most "
                + seconds(unknownGrace));
      } else {
        warnings.add(
            what
                + ": heal state unknown for "
                + seconds(waited)
                + " ("
                + why
                + "); ready without it after "
                + seconds(unknownGrace));
      }
    }
    // a brick that needs a person comes first: the kubelet's event shows the first line
    restores.addAll(problems);
    return new Verdict(restores.isEmpty(), restores, warnings, checked, since);
  }

  /**
   * A brick of this pod whose directory is gone: glusterd does not make brick directories, so it
   * stays offline, and its replicas hold the only copies. The line says how to rebuild it (what a
   * person decides to do; managing volumes is not this program's job), in the brick's pod:
   *
   * <ol>
   *   <li>{@code mkdir <brick> <brick>/.glusterfs}: the brick's directory and the one its index
   *       translator needs at start (what glusterd makes at {@code volume create}); a plain {@code
   *       mkdir}, which makes no parent directory;
   *   <li>{@code gluster volume start <vol> force}: stamps the empty directory with the volume's id
   *       and starts the brick;
   *   <li>{@code gluster volume heal <vol> full}: copies every file back from the other replicas
   *       (the files written before the loss carry no pending-heal mark, so an index heal would not
   *       find them).
   * </ol>
   *
   * <p>Measured on glusterd 10.3 ({@code RepairE2eLostVolumeBrickHostTest}): {@code reset-brick ...
   * commit force} with the same brick is refused ("When destination brick is new, please use
   * gluster volume replace-brick"), because a brick imported from a peer after the loss has no
   * recorded real path; and without {@code .glusterfs} the brick process exits at start ("Failed to
   * find parent dir (.../.glusterfs) of index basepath").
   */
  static String restore(String volume, String brick) {
    String v = shellWord(volume);
    int at = brick.indexOf(":/");
    String path = at < 0 ? brick : brick.substring(at + 1);
    return "brick "
        + brick
        + " has no directory on this pod (its data is gone: a lost or new volume), so glusterd"
        + " cannot start it; to rebuild it from the other replicas run in this pod: mkdir "
        + shellWord(path)
        + " "
        + shellWord(path + "/.glusterfs")
        + " && gluster volume start "
        + v
        + " force && gluster volume heal "
        + v
        + " full (glusterctl-probe does not run it)";
  }

  /** {@code word} as one shell word: as it is when that is safe, else in single quotes. */
  static String shellWord(String word) {
    return word.matches("[A-Za-z0-9._/:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
