package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.time.Duration;

/** The volume every data test starts from, made the way a user makes it. */
final class DataVolumes {
  private DataVolumes() {}

  /**
   * A replica-3 volume on pods 0..2, created and started, with every brick online within {@code
   * online}.
   */
  static ServedVolume startedOnPods012(Scenario s, Duration online) {
    ServedVolume v1 = s.createVolume(0, 1, 2).served();
    v1.start();
    assertThat(v1.awaitBricksOnline(0, online))
        .as("every brick online after volume start: %s", v1.status(0))
        .isTrue();
    return v1;
  }
}
