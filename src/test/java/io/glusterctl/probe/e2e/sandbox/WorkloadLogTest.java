package io.glusterctl.probe.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The figures read from a writer's log (no root needed). */
class WorkloadLogTest {
  static final String SHA = "a".repeat(64);

  static String ack(long ms, int n) {
    return "ack\t" + ms + "\t/m/w/f" + n + "\t1024\t" + SHA + "\n";
  }

  static String err(long ms, int n) {
    return "err\t" + ms + "\t/m/w/f" + n + "\tENOTCONN: Transport endpoint is not connected\n";
  }

  @Test
  void countsAndStretches() {
    WorkloadLog log =
        WorkloadLog.parse(
            ack(1000, 1)
                + ack(1200, 2)
                + err(1400, 3)
                + err(1600, 4)
                + ack(2100, 5)
                + err(2300, 6)
                + ack(2400, 7)
                + ack(9400, 8)
                + "ack\t9600\t/m/w/f9\t10"); // cut off by a kill

    assertThat(log.writes()).hasSize(8);
    assertThat(log.acknowledged()).hasSize(5);
    assertThat(log.failed()).hasSize(3);
    assertThat(log.longestErrorStretch()).isEqualTo(Duration.ofMillis(700));
    assertThat(log.longestTimeWithoutAck()).isEqualTo(Duration.ofMillis(7000));
    assertThat(log.firstError()).contains("/m/w/f3: ENOTCONN: Transport endpoint is not connected");
  }

  @Test
  void errorsUntilTheEndCountToTheLastOne() {
    WorkloadLog log = WorkloadLog.parse(ack(1000, 1) + err(2000, 2) + err(5000, 3));

    assertThat(log.longestErrorStretch()).isEqualTo(Duration.ofMillis(3000));
  }

  @Test
  void noErrorsNoStretch() {
    assertThat(WorkloadLog.parse(ack(1, 1) + ack(2, 2)).longestErrorStretch()).isZero();
    assertThat(WorkloadLog.parse("").writes()).isEmpty();
  }
}
