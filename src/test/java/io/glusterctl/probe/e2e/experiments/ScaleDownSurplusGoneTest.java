package io.glusterctl.probe.e2e.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.KubeletSettings;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.TimeScale;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scale 5 to 3 when both surplus pods are gone before the coordinator detached them: glusterd
 * refuses a plain {@code peer detach} of either while the other is down, so they used to block each
 * other forever. The coordinator now detaches the highest with {@code force} (every peer that is
 * down is surplus and hosts no bricks; one forced detach per run) and the other plainly behind it.
 * In DNS mode (the preStop cannot tell a scale-down and leaves at once) and in API mode with both
 * pods killed without their preStop (a node lost during the scale-down, the grace period exceeded).
 *
 * <p>{@code extended} until its time is measured: two 5-pod sandboxes, one of them waiting out a
 * surplus grace; not run to the end yet, so the default suite's 45-minute budget cannot count it.
 */
@Tag("extended")
class ScaleDownSurplusGoneTest {
  private static final String NAME = "scale down, surplus gone";

  @Test
  void dnsModeFiveToThreeConvergesOnceTheSurplusGraceHasPassed() {
    Duration grace = Duration.ofSeconds(20);
    try (Scenario s =
        Scenario.experiment(NAME + " (DNS mode)")
            .replicas(5)
            .formWithin(15)
            .api(false)
            .env("GLUSTERCTL_MEMBERS_FROM", "dns")
            .env("GLUSTERCTL_SURPLUS_GRACE", TimeScale.fromSystemProperties().optionValue(grace))
            .start()) {
      Sandbox sandbox = s.sandbox();
      sandbox.cluster().scale(3);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(90));
      s.awaitConverged(
          "scale 5 -> 3, DNS mode, grace 20 s",
          Scenario.ordinals(3),
          8 + sandbox.periodsFor(sandbox.timeScale().real(grace)));

      assertSurplusDetachedOneWithForce(sandbox);
      s.assertExactPool(Scenario.ordinals(3));
      s.assertNothingDetached();
    }
  }

  @Test
  void apiModeFiveToThreeWithBothSurplusPodsKilledWithoutPreStop() {
    KubeletSettings d = KubeletSettings.defaults();
    KubeletSettings noPreStop =
        new KubeletSettings(
            d.liveness(), d.readiness(), d.startup(), List.of(), d.terminationGracePeriodSeconds());
    try (Scenario s =
        Scenario.experiment(NAME + " (API mode)")
            .replicas(5)
            .formWithin(15)
            .kubelet(noPreStop)
            .start()) {
      Sandbox sandbox = s.sandbox();
      sandbox.cluster().scale(3);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(90));
      s.awaitConverged(
          "scale 5 -> 3, API mode, both killed without preStop", Scenario.ordinals(3), 8);

      assertSurplusDetachedOneWithForce(sandbox);
      s.assertExactPool(Scenario.ordinals(3));
      s.assertNothingDetached();
    }
  }

  /**
   * glusterd's own record on the coordinator: pod 4 detached with force, pod 3 without, and no
   * desired member detached at all.
   */
  private static void assertSurplusDetachedOneWithForce(Sandbox sandbox) {
    List<String> detaches =
        sandbox.glusterPod(0).commandHistory().stream()
            .filter(l -> l.contains("peer detach"))
            .toList();
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
