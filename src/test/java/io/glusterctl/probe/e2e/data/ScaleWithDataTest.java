package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import io.glusterctl.probe.e2e.sandbox.VolumeStatusXml;
import io.glusterctl.probe.e2e.sandbox.WorkloadLog;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's experiments 2 and 3 with data: a replica-3 volume started on pods 0..2 and a client
 * writing through its FUSE mount while the StatefulSet is scaled 3 -> 5 (both new pods join the
 * pool; they host no bricks) and back 5 -> 3 (their preStop takes them out of the pool). The
 * volume's bricks are never touched, so the client must see no error at all; afterwards every
 * acknowledged file reads back from a fresh mount, no heal is pending and every brick is online.
 */
@Tag("extended")
class ScaleWithDataTest {
  @BeforeAll
  static void requirements() {
    DataAssumptions.assumeFuseClient();
  }

  @Test
  void scalingThreeToFiveAndBackLosesNoFileAndNoWrite() {
    try (Scenario s = Scenario.data("scale 3 -> 5 -> 3 with data").start()) {
      Sandbox sandbox = s.sandbox();
      // with the API a scaled-away pod's preStop leaves the pool at once (Experiment3ScaleDownTest)
      assertThat(sandbox.apiRunning()).as("the fake API server runs").isTrue();
      ServedVolume v1 = DataVolumes.startedOnPods012(s, DataWorkload.BRICKS_ONLINE);

      WorkloadLog written =
          DataWorkload.whileWriting(
              s,
              v1,
              "scale 3 -> 5 -> 3 with data",
              () -> {
                sandbox.cluster().scale(5);
                s.awaitConverged("scale 3 -> 5 with data", Scenario.ordinals(5), 12);
                assertThat(v1.status(4))
                    .as("v1's bricks as pod 4 lists them")
                    .hasValueSatisfying(
                        bricks ->
                            assertThat(bricks)
                                .extracting(VolumeStatusXml.Brick::host)
                                .containsExactlyInAnyOrder(
                                    sandbox.fqdn(0), sandbox.fqdn(1), sandbox.fqdn(2)));
                sandbox.cluster().scale(3);
                sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(60));
                s.awaitConverged("scale 5 -> 3 with data", Scenario.ordinals(3), 12);
              });

      assertThat(written.failed()).as("writes that failed while the pool was scaled").isEmpty();
      assertThat(sandbox.cluster().podOrdinals()).containsExactly(0, 1, 2);
      s.assertExactPool(Scenario.ordinals(3));
      s.assertNothingDetached();
    }
  }
}
