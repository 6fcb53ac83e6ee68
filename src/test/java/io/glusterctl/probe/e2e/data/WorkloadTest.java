package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Command;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import io.glusterctl.probe.e2e.sandbox.VolumeClient;
import io.glusterctl.probe.e2e.sandbox.WorkloadLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The workload every data scenario runs, on a healthy pool: a client in its own network namespace
 * mounts the replica-3 volume through the Service's name (backup volfile servers: the pods' names),
 * writes files of known content (each fsynced before it counts) for a few probe periods, unmounts;
 * a second client reads every acknowledged file back from a fresh mount with the right checksum; no
 * heal is pending and every brick is online. Closing a client removes its mount, its FUSE process
 * and its namespace.
 */
@Tag("extended")
class WorkloadTest {
  @BeforeAll
  static void requirements() {
    DataAssumptions.assumeFuseClient();
  }

  @Test
  void everyAcknowledgedFileReadsBackFromAFreshMount() {
    try (Scenario s = Scenario.data("workload").start()) {
      Sandbox sandbox = s.sandbox();
      ServedVolume v1 = s.createVolume(0, 1, 2).served();
      v1.start();
      assertThat(v1.awaitBricksOnline(0, Duration.ofSeconds(90))).isTrue();

      WorkloadLog written;
      long fusePid;
      String netns = sandbox.prefix() + "-c0";
      try (VolumeClient writer = sandbox.client("c0")) {
        writer.mount(
            sandbox.serviceDomain(),
            List.of(sandbox.fqdn(0), sandbox.fqdn(1), sandbox.fqdn(2)),
            "v1");
        assertThat(writer.isMounted()).contains(true);
        VolumeClient.Workload w = writer.startWriting("w", Duration.ofMillis(200));
        Scenario.sleep(sandbox.probePeriod().multipliedBy(2));
        written = w.stop();
        fusePid = DataAssumptions.fuseClientPid(netns);
        writer.unmount();
        assertThat(writer.isMounted()).contains(false);
      }
      assertThat(ProcessHandle.of(fusePid)).as("the FUSE client process after close").isEmpty();
      assertThat(Command.run(Duration.ofSeconds(10), "ip", "netns", "list").stdout())
          .as("the client's namespace after close")
          .doesNotContain(netns);

      assertThat(written.acknowledged()).as("files acknowledged").hasSizeGreaterThan(10);
      assertThat(written.failed()).as("failed writes on a healthy volume").isEmpty();
      try (VolumeClient reader = sandbox.client("c1")) {
        reader.mount(sandbox.fqdn(2), List.of(sandbox.fqdn(0)), "v1");
        assertThat(reader.filesNotAsWritten(written.acknowledged()))
            .as("acknowledged files that do not read back as written")
            .isEmpty();
      }
      assertThat(v1.awaitNoPendingHeals(0, sandbox.probePeriod().multipliedBy(3)))
          .as("no heal pending")
          .isPresent();
      assertThat(v1.allBricksOnline(0)).isTrue();
    }
  }
}
