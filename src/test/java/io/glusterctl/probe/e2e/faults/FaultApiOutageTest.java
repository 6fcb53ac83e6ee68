package io.glusterctl.probe.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.CommandResult;
import io.glusterctl.probe.e2e.sandbox.ProbeKind;
import io.glusterctl.probe.e2e.sandbox.ProbeRun;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.packaging.Runbook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes API failing for several probe periods, with pods that read the desired members
 * from it ({@code --members-from api}), no volume (nothing would block a detach) and a scale each
 * time, so that a program that acted on a failed answer would act:
 *
 * <ol>
 *   <li>the API answers 403 while the StatefulSet is scaled 3 to 4: the new pod is not probed until
 *       the API answers again;
 *   <li>the API is unreachable while it is scaled back 4 to 3: pod 3 is not detached until the API
 *       answers again (and pod 3's preStop cannot tell a scale-down and stays);
 * </ol>
 *
 * No liveness failure, no repair, no restart during either; after each the pool converges. And the
 * service-account token appears in nothing the program printed or wrote.
 */
class FaultApiOutageTest {

  @Test
  void nothingIsDoneWhileTheApiFailsAndThePoolFollowsTheScaleWhenItAnswers() throws IOException {
    try (Scenario s = Scenario.fault("fault api").env("GLUSTERCTL_MEMBERS_FROM", "api").start()) {
      Sandbox sandbox = s.sandbox();
      Assumptions.assumeTrue(
          sandbox.apiRunning(), "skipped: the fake API server is not on the classpath");
      Set<Integer> three = s.all();
      Set<Integer> four = Scenario.ordinals(4);
      List<CommandResult> personRuns = new ArrayList<>();
      Duration outage = sandbox.probePeriod().multipliedBy(10);

      // 1. 403 while scaling up
      FaultWitness.Window forbidden = FaultWitness.open(s);
      sandbox.faults().apiFails(403);
      sandbox.cluster().scale(4);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(60));
      sandbox.glusterPod(3).awaitAnswers(Duration.ofSeconds(60));
      CommandResult person = sandbox.glusterPod(0).probe("reconcile");
      personRuns.add(person);
      assertThat(person.exitCode()).as(person.describe()).isEqualTo(3);
      assertThat(person.stdout() + person.stderr()).as(person.describe()).contains("403");
      // a person's plan in auto mode says the API failed and falls back to DNS (plans only)
      CommandResult auto = sandbox.glusterPod(0).probe("plan", "--members-from", "auto");
      personRuns.add(auto);
      assertThat(auto.stderr()).as(auto.describe()).contains("WARN API:");
      Runbook.assertShows("plan", "api-fallback", auto.stdout() + auto.stderr());
      forbidden.lastAtLeast(outage, four, 2, Duration.ofMinutes(4));
      // read while the API still answers 403: once it recovers, pod 3 may be probed at any moment
      assertThat(sandbox.glusterPod(3).peerStatus())
          .as("pod 3 while the API answered 403")
          .isEmpty();
      forbidden.close();
      sandbox.faults().apiRecovers();
      forbidden.assertNothingDone(four, 2);
      s.figure(
          "403 outage",
          forbidden.length().toMillis() + " ms; " + FaultWitness.livenessFigures(forbidden, four));
      s.awaitConverged("pool of 4 after the API answers again", four, 20);

      // 2. unreachable while scaling down
      FaultWitness.Window down = FaultWitness.open(s);
      sandbox.faults().apiDown();
      sandbox.cluster().scale(3);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(120));
      List<ProbeRun> preStop = sandbox.glusterPod(3).probeRuns(ProbeKind.PRESTOP);
      assertThat(preStop).as("pod 3's preStop").isNotEmpty();
      assertThat(preStop.get(preStop.size() - 1).firstLine())
          .startsWith("STAYING cannot tell a scale-down");
      person = sandbox.glusterPod(0).probe("reconcile");
      personRuns.add(person);
      assertThat(person.exitCode()).as(person.describe()).isEqualTo(3);
      down.lastAtLeast(outage, three, 2, Duration.ofMinutes(4));
      down.close();
      assertThat(sandbox.glusterPod(0).peerStatus())
          .as("pod 0 while the API was unreachable")
          .anyMatch(p -> p.knownAs(sandbox.fqdn(3)));
      sandbox.faults().apiUp();
      assertThat(down.poolChanges()).as("peer probe/detach during the API outage").isEmpty();
      for (int o : three) {
        assertThat(down.runs(o, ProbeKind.LIVENESS))
            .as("pod %d's liveness while the API was down", o)
            .hasSizeGreaterThanOrEqualTo(2)
            .allMatch(ProbeRun::succeeded);
        assertThat(down.restartsSince(o)).isZero();
      }
      s.figure(
          "unreachable outage",
          down.length().toMillis() + " ms; " + FaultWitness.livenessFigures(down, three));
      s.awaitConverged("pool of 3 after the API is reachable again", three, 20);
      assertThat(sandbox.glusterPod(0).commandHistory())
          .as("pod 0's glusterd commands")
          .anyMatch(l -> l.contains("peer detach " + sandbox.fqdn(3)));

      s.assertExactPool(three);
      s.assertNothingDetached();
      for (int o : four) {
        s.repairs().assertNoRepair(o);
      }
      assertTokenNeverShown(s, personRuns);
    }
  }

  /**
   * The token is in no probe or hook output, no person's output, no state file, no log of the pod.
   */
  private static void assertTokenNeverShown(Scenario s, List<CommandResult> personRuns)
      throws IOException {
    Sandbox sandbox = s.sandbox();
    String token = sandbox.apiToken();
    assertThat(token).isNotBlank();
    int outputs = 0;
    for (int o = 0; o < 4; o++) {
      String out = sandbox.glusterPod(o).probeOutput();
      outputs += out.split("\n==== ").length;
      assertThat(out).as("pod %d's probe output", o).doesNotContain(token);
    }
    for (CommandResult r : personRuns) {
      assertThat(r.stdout() + r.stderr()).doesNotContain(token);
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sandbox.dir().resolve("volumes"))) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      assertThat(Files.readString(f, StandardCharsets.ISO_8859_1))
          .as("%s", f)
          .doesNotContain(token);
    }
    s.figure(
        "token looked for in",
        outputs
            + " probe/hook outputs, "
            + personRuns.size()
            + " person runs, "
            + files.size()
            + " files on the volumes: not found");
  }
}
