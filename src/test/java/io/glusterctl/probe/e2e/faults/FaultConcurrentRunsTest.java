package io.glusterctl.probe.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.ProbeSettings;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs racing on every pod for a few minutes: the kubelet runs liveness every second on each of
 * three pods (back to back, since a run takes longer than that), and a second "person" runs {@code
 * status} and {@code reconcile} in a loop on the pods in turn. Runs serialize on the state
 * directory's lock: a liveness that cannot get it says "reconcile skipped" and exits 0, a person's
 * reconcile that cannot get it exits 6 with one BUSY line. What must hold: no liveness or readiness
 * failure (no flapping), no restart, no action, no error or warning line from any run, no temporary
 * file or lock left behind (a last reconcile on each pod gets the lock at once), a state file that
 * reads without a warning, and a pool that is still exact.
 */
@Tag("extended")
class FaultConcurrentRunsTest {
  private static final Duration LENGTH = Duration.ofSeconds(150);

  @Test
  void racingRunsNeverFailNeverActAndLeaveNoStuckState() throws Exception {
    var scale = Scenario.faultTimeScale();
    // a liveness period of 1 s in sandbox time
    int periodSeconds = (int) Math.max(1, Math.round(scale.factor()));
    KubeletSettings kubelet =
        KubeletSettings.defaults()
            .withLiveness(
                new ProbeSettings(KubeletSettings.LIVENESS_COMMAND, 0, periodSeconds, 25, 3, 1));
    try (Scenario s =
        Scenario.fault("fault concurrent runs").kubelet(kubelet).formWithin(300).start()) {
      Sandbox sandbox = s.sandbox();
      Set<Integer> all = s.all();
      Scenario.sleep(Duration.ofSeconds(5)); // the formation's own runs are over

      List<PersonRun> personRuns = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stop = new AtomicBoolean();
      FaultWitness.Window w = FaultWitness.open(s);
      Thread statuses = person(sandbox, personRuns, stop, "status");
      Thread reconciles = person(sandbox, personRuns, stop, "reconcile");
      Scenario.sleep(LENGTH);
      stop.set(true);
      statuses.join(60_000);
      reconciles.join(60_000);
      w.close();
      List<CommandResult> person = personRuns.stream().map(PersonRun::result).toList();

      // the kubelet's view
      int liveness = 0;
      int skipped = 0;
      long longest = 0;
      for (int o : all) {
        List<ProbeRun> runs = w.runs(o, ProbeKind.LIVENESS);
        assertThat(runs.size())
            .as("pod %d's liveness runs in %s", o, LENGTH)
            .isGreaterThanOrEqualTo(5);
        assertThat(runs).as("pod %d's liveness", o).allMatch(ProbeRun::succeeded);
        assertThat(w.runs(o, ProbeKind.READINESS))
            .as("pod %d's readiness", o)
            .isNotEmpty()
            .allMatch(ProbeRun::succeeded);
        assertThat(w.restartsSince(o)).as("pod %d's restarts", o).isZero();
        liveness += runs.size();
        skipped +=
            (int) runs.stream().filter(r -> r.firstLine().contains("reconcile skipped")).count();
        longest =
            Math.max(longest, runs.stream().mapToLong(r -> r.took().toMillis()).max().orElse(0));
        s.repairs().assertNoRepair(o);
      }
      assertThat(w.poolChanges()).as("peer probe/detach").isEmpty();

      // the person's view
      int busy = 0;
      for (CommandResult r : person) {
        String command = r.argv().get(r.argv().size() - 1);
        if (command.equals("reconcile") && r.exitCode() == 6) {
          busy++;
          assertThat(r.stdout()).as(r.describe()).startsWith("BUSY another run");
          continue;
        }
        assertThat(r.exitCode()).as(r.describe()).isZero();
      }
      assertThat(person).as("the person's runs").hasSizeGreaterThanOrEqualTo(6);
      // The race itself: a person's reconcile and a liveness run, both of which take the lock,
      // alive
      // at the same time on one pod (one of them waited), or a run that gave up on the lock.
      long overlapping =
          personRuns.stream()
              .filter(p -> p.command().equals("reconcile"))
              .filter(
                  p ->
                      w.runs(p.pod(), ProbeKind.LIVENESS).stream()
                          .anyMatch(
                              r ->
                                  r.at().isBefore(p.at().plus(p.result().took()))
                                      && p.at().isBefore(r.at().plus(r.took()))))
              .count();
      assertThat(overlapping + skipped + busy)
          .as(
              "reconciles that overlapped a liveness run on their pod (%d), or runs that found"
                  + " the lock busy past --lock-wait (%d): the test raced",
              overlapping, skipped + busy)
          .isPositive();

      // every line any run printed: nothing wrong was said
      List<String> bad = new ArrayList<>();
      for (int o : all) {
        FaultWitness.outputSince(sandbox, o, w.from())
            .lines()
            .filter(FaultConcurrentRunsTest::badLine)
            .forEach(l -> bad.add("pod " + o + ": " + l));
      }
      for (CommandResult r : person) {
        (r.stdout() + "\n" + r.stderr())
            .lines()
            .filter(FaultConcurrentRunsTest::badLine)
            .forEach(
                l ->
                    bad.add(
                        String.join(" ", r.argv().subList(r.argv().size() - 2, r.argv().size()))
                            + ": "
                            + l));
      }
      assertThat(bad).as("error or warning lines").isEmpty();

      // nothing stuck: no temporary files; the lock is free; the state file reads cleanly
      for (int o : all) {
        Path state = sandbox.volume(o).resolve("probe");
        try (Stream<Path> names = Files.list(state)) {
          assertThat(names.map(p -> p.getFileName().toString()))
              .as("pod %d's state directory", o)
              .allMatch(n -> n.equals("lock") || n.equals("state.json"));
        }
        CommandResult last = sandbox.glusterPod(o).probe("reconcile", "--lock-wait", "1s");
        assertThat(last.exitCode()).as(last.describe()).isZero();
        CommandResult json = sandbox.glusterPod(o).probe("status", "--output", "json");
        assertThat(json.exitCode()).as(json.describe()).isZero();
        assertThat(json.stderr()).as(json.describe()).isEmpty();
      }
      s.assertExactPool(all);
      s.assertNothingDetached();
      s.figure(
          "in " + LENGTH.toSeconds() + " s",
          liveness
              + " liveness runs ("
              + skipped
              + " skipped their reconcile: lock busy), longest "
              + longest
              + " ms; person: "
              + person.size()
              + " runs, "
              + busy
              + " reconcile BUSY (exit 6), "
              + overlapping
              + " reconciles overlapped a liveness run on their pod");
    }
  }

  /** A person's run: which command on which pod, when it started, what it gave. */
  record PersonRun(String command, int pod, Instant at, CommandResult result) {}

  private static Thread person(
      Sandbox sandbox, List<PersonRun> results, AtomicBoolean stop, String command) {
    Thread t =
        new Thread(
            () -> {
              int o = command.equals("status") ? 0 : 1;
              while (!stop.get()) {
                Instant at = Instant.now();
                results.add(
                    new PersonRun(command, o % 3, at, sandbox.glusterPod(o % 3).probe(command)));
                o++;
              }
            },
            "person-" + command);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A line that says something went wrong (the lock being busy is not wrong). */
  private static boolean badLine(String l) {
    String s = l.strip();
    return s.startsWith("ERROR")
        || s.startsWith("WARN")
        || s.startsWith("UNHEALTHY")
        || s.startsWith("NOT READY")
        || s.contains("Exception")
        || s.startsWith("at ")
        || s.contains("NOT DONE");
  }
}
