package io.glusterctl.probe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.sandbox.DetachWatch;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scale 5 to 3 when both surplus pods are gone before the coordinator detached them: glusterd
 * refuses a plain {@code peer detach} of either while the other is down, so before the forced
 * detach they blocked each other forever. Now the coordinator detaches the highest with {@code
 * force} (every peer that is down is surplus and hosts no bricks) and the other plainly, in one
 * run. In DNS mode (preStop cannot tell a scale-down and leaves at once) and in API mode with both
 * pods killed without their preStop (a node lost during the scale-down, the grace period exceeded).
 */
class ScaleDownSurplusGoneTest {

  @BeforeAll
  static void requirements() {
    SeedExperiments.assumeSandboxAndProgram();
  }

  @Test
  void dnsModeFiveToThreeConvergesOnceTheSurplusGraceHasPassed() {
    Duration grace = Duration.ofSeconds(20);
    try (Sandbox sandbox =
            Sandbox.builder()
                .replicas(5)
                .api(false)
                .env("GLUSTERCTL_MEMBERS_FROM", "dns")
                .env(
                    "GLUSTERCTL_SURPLUS_GRACE",
                    io.glusterctl.probe.e2e.sandbox.TimeScale.fromSystemProperties()
                        .optionValue(grace))
                .start();
        DetachWatch watch = sandbox.watchDetachments()) {
      SeedExperiments.report(
          sandbox,
          "scale down, surplus gone",
          "5 pods form the pool (DNS mode)",
          sandbox.awaitConverged(SeedExperiments.ordinals(5), 15));

      sandbox.scale(3);
      sandbox.awaitPodsRunning(Duration.ofSeconds(90));
      int periods =
          sandbox.awaitConverged(
              SeedExperiments.ordinals(3), 8 + sandbox.periodsFor(sandbox.timeScale().real(grace)));
      SeedExperiments.report(
          sandbox, "scale down, surplus gone", "scale 5 -> 3, DNS mode, grace 20 s", periods);

      assertSurplusDetachedOneWithForce(sandbox);
      SeedExperiments.assertExactPool(sandbox, SeedExperiments.ordinals(3));
      SeedExperiments.assertNothingDetached(watch);
    }
  }

  @Test
  void apiModeFiveToThreeWithBothSurplusPodsKilledWithoutPreStop() {
    KubeletSettings d = KubeletSettings.defaults();
    KubeletSettings noPreStop =
        new KubeletSettings(
            d.liveness(), d.readiness(), d.startup(), List.of(), d.terminationGracePeriodSeconds());
    try (Sandbox sandbox = Sandbox.builder().replicas(5).kubelet(noPreStop).start();
        DetachWatch watch = sandbox.watchDetachments()) {
      SeedExperiments.report(
          sandbox,
          "scale down, surplus gone",
          "5 pods form the pool (API mode)",
          sandbox.awaitConverged(SeedExperiments.ordinals(5), 15));

      sandbox.scale(3);
      sandbox.awaitPodsRunning(Duration.ofSeconds(90));
      int periods = sandbox.awaitConverged(SeedExperiments.ordinals(3), 8);
      SeedExperiments.report(
          sandbox,
          "scale down, surplus gone",
          "scale 5 -> 3, API mode, both killed without preStop",
          periods);

      assertSurplusDetachedOneWithForce(sandbox);
      SeedExperiments.assertExactPool(sandbox, SeedExperiments.ordinals(3));
      SeedExperiments.assertNothingDetached(watch);
    }
  }

  /**
   * glusterd's own record on the coordinator: pod 4 detached with force, pod 3 without, and no
   * desired member detached at all.
   */
  private static void assertSurplusDetachedOneWithForce(Sandbox sandbox) {
    List<String> detaches =
        sandbox.glusterdCommands(0).stream().filter(l -> l.contains("peer detach")).toList();
    String four = sandbox.fqdn(4);
    String three = sandbox.fqdn(3);
    assertThat(detaches)
        .as("glusterfs-0's cmd_history.log: detaches")
        .anySatisfy(l -> assertThat(l).contains(four).contains("force").contains("SUCCESS"))
        .anySatisfy(l -> assertThat(l).contains(three).doesNotContain("force").contains("SUCCESS"));
    for (int desired = 0; desired < 3; desired++) {
      String f = sandbox.fqdn(desired);
      assertThat(detaches).as("no detach of %s", f).noneMatch(l -> l.contains(f));
    }
  }
}
