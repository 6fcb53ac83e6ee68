package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.GlusterVolume;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.time.Duration;

/** The volume every data test starts from, made the way a user makes it. */
public final class DataVolumes {
  private DataVolumes() {}

  /**
   * A replica-3 volume on pods 0..2, created and started, with every brick online within {@code
   * online}.
   */
  public static ServedVolume startedOnPods012(Scenario s, Duration online) {
    return started(s.createVolume(0, 1, 2), online);
  }

  /**
   * {@code volume}, created by the test, started, with every brick online within {@code online}.
   */
  public static ServedVolume started(GlusterVolume volume, Duration online) {
    ServedVolume v = volume.served();
    v.start();
    assertThat(v.awaitBricksOnline(0, online))
        .as("every brick online after volume start: %s", v.status(0))
        .isTrue();
    return v;
  }
}
