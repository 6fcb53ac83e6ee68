package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import io.glusterctl.probe.e2e.sandbox.VolumeClient;
import io.glusterctl.probe.e2e.sandbox.WorkloadLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The client side every data scenario shares: the writer's mount, the workload's figures, and the
 * end check (every acknowledged file reads back from a fresh mount, no heal pending, every brick
 * online).
 */
public final class DataWorkload {
  /** One file every 200 ms, 1 to 64 KiB, fsynced before it counts. */
  public static final Duration INTERVAL = Duration.ofMillis(200);

  /** The wait between the last write and the unmount: longer than AFR's post-op delay (1 s). */
  static final Duration POST_OP_SETTLE = Duration.ofSeconds(3);

  /** How long every brick may take to be online again after a change. */
  public static final Duration BRICKS_ONLINE = Duration.ofSeconds(120);

  /** How long the heals may take once every brick is online again. */
  public static final Duration HEALED = Duration.ofMinutes(5);

  private DataWorkload() {}

  /**
   * A data scenario's whole course around {@code change}: the writer mounts {@code volume} and
   * writes for one probe period; {@code change} runs (it returns once the pool is back as the
   * scenario expects it); every brick is online within {@link #BRICKS_ONLINE} and no heal is
   * pending within {@link #HEALED} after that; the writer writes one more period and stops. Then
   * the figures ({@link #figures}, and {@code "<name>: change to no pending heals"}) and {@link
   * #assertEveryFileSurvives}. Returns what the writer wrote.
   */
  public static WorkloadLog whileWriting(
      Scenario s, ServedVolume volume, String name, Runnable change) {
    return whileWriting(s, volume, name, Duration.ZERO, change);
  }

  /**
   * {@link #whileWriting(Scenario, ServedVolume, String, Runnable)} for a scenario whose end check
   * may wait {@code extraHealTime} longer than {@link #endCheckHealBound} for no pending heal. Only
   * for a change with a known, measured reason (the caller names it).
   */
  public static WorkloadLog whileWriting(
      Scenario s, ServedVolume volume, String name, Duration extraHealTime, Runnable change) {
    Sandbox sandbox = s.sandbox();
    WorkloadLog written;
    Duration changeToHealed;
    try (VolumeClient writer = mountedWriter(sandbox, volume.name())) {
      VolumeClient.Workload w = writer.startWriting("w", INTERVAL);
      Scenario.sleep(sandbox.probePeriod());
      assertThat(w.log().acknowledged()).as("files acknowledged before the change").isNotEmpty();

      Instant start = Instant.now();
      change.run();
      assertThat(volume.awaitBricksOnline(0, BRICKS_ONLINE))
          .as("every brick online after the change: %s", volume.status(0))
          .isTrue();
      assertThat(volume.awaitNoPendingHeals(0, HEALED))
          .as(
              () ->
                  "no heal pending within "
                      + HEALED
                      + " of every brick online; volume heal info: "
                      + volume.healInfo(0))
          .isPresent();
      changeToHealed = Duration.between(start, Instant.now());

      Scenario.sleep(sandbox.probePeriod());
      written = w.stop();
      // A client that goes away within AFR's post-op delay of its last write (cluster.post-op-
      // delay-secs, 1 s) leaves that file marked dirty on every brick, which only the self-heal
      // daemon's index crawl clears (every 600 s; data-safety.md, "Not done yet"). A user's client
      // that stops writing does not unmount at that instant; the scenarios are about the pods.
      Scenario.sleep(POST_OP_SETTLE);
      writer.unmount();
    }
    figures(s, name, written);
    s.figure(name + ": change to no pending heals", "" + changeToHealed);
    assertEveryFileSurvives(
        s, name, volume, written, endCheckHealBound(sandbox).plus(extraHealTime));
    return written;
  }

  /**
   * Client {@code c0} with {@code volume} mounted through the Service's name, pods 0..2 as backup
   * volfile servers, as a user mounts it. The caller closes it.
   */
  public static VolumeClient mountedWriter(Sandbox sandbox, String volume) {
    VolumeClient writer = sandbox.client("c0");
    try {
      writer.mount(
          sandbox.serviceDomain(),
          List.of(sandbox.fqdn(0), sandbox.fqdn(1), sandbox.fqdn(2)),
          volume);
      return writer;
    } catch (RuntimeException | Error e) {
      writer.close();
      throw e;
    }
  }

  /**
   * Prints and records (target/e2e-figures.tsv) the workload's figures as {@code "<name>: <what>"}:
   * files acknowledged, failed writes, the longest error stretch, the longest time without an
   * acknowledged write, the first error.
   */
  public static void figures(Scenario s, String name, WorkloadLog written) {
    s.figure(name + ": files acknowledged", "" + written.acknowledged().size());
    s.figure(name + ": failed writes", "" + written.failed().size());
    s.figure(name + ": longest error stretch", "" + written.longestErrorStretch());
    s.figure(name + ": longest time without an ack", "" + written.longestTimeWithoutAck());
    written.firstError().ifPresent(e -> s.figure(name + ": first error", e));
  }

  /** How long after the read-back the end check waits for no pending heal: 3 probe periods. */
  public static Duration endCheckHealBound(Sandbox sandbox) {
    return sandbox.probePeriod().multipliedBy(3);
  }

  /**
   * The end of every data scenario: more than 10 files were acknowledged; each reads back with its
   * sha256 from a fresh mount on client {@code c1} (through pod 2, pod 0 as backup), and the files
   * that did not are recorded as the figure {@code "<name>: files lost"}; no heal is pending within
   * {@link #endCheckHealBound} (3 probe periods); every brick is online.
   */
  public static void assertEveryFileSurvives(
      Scenario s, String name, ServedVolume volume, WorkloadLog written) {
    assertEveryFileSurvives(s, name, volume, written, endCheckHealBound(s.sandbox()));
  }

  /**
   * {@link #assertEveryFileSurvives(Scenario, String, ServedVolume, WorkloadLog)} with no pending
   * heal within {@code healBound} of the read-back; the time it took is the figure {@code "<name>:
   * read-back to no pending heals"}.
   */
  public static void assertEveryFileSurvives(
      Scenario s, String name, ServedVolume volume, WorkloadLog written, Duration healBound) {
    Sandbox sandbox = s.sandbox();
    assertThat(written.acknowledged()).as("files acknowledged").hasSizeGreaterThan(10);
    List<String> lost;
    try (VolumeClient reader = sandbox.client("c1")) {
      reader.mount(sandbox.fqdn(2), List.of(sandbox.fqdn(0)), volume.name());
      lost = reader.filesNotAsWritten(written.acknowledged());
    }
    s.figure(name + ": files lost", "" + lost.size());
    assertThat(lost).as("acknowledged files that do not read back as written").isEmpty();
    Optional<Duration> healed = volume.awaitNoPendingHeals(0, healBound);
    healed.ifPresent(d -> s.figure(name + ": read-back to no pending heals", "" + d));
    assertThat(healed)
        .as(
            () ->
                "no heal pending within "
                    + healBound
                    + " of the read-back; volume heal info: "
                    + volume.healInfo(0))
        .isPresent();
    assertThat(volume.allBricksOnline(0)).as("every brick online: %s", volume.status(0)).isTrue();
  }
}
