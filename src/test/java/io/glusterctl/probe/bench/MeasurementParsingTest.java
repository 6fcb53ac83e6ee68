package io.glusterctl.probe.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The benchmarks' pure parts: reading {@code /usr/bin/time -v}, medians, the gluster call log. */
class MeasurementParsingTest {

  @Test
  void readsWallCpuRssAndExitFromTimeV() throws IOException {
    ProcessCost c = ProcessCost.parse(fixture("time-v-liveness.txt")).orElseThrow();
    assertThat(c.wallMillis()).isCloseTo(1520, within(0.001));
    assertThat(c.userMillis()).isCloseTo(660, within(0.001));
    assertThat(c.systemMillis()).isCloseTo(140, within(0.001));
    assertThat(c.cpuMillis()).isCloseTo(800, within(0.001));
    assertThat(c.maxRssKb()).isEqualTo(76700);
    assertThat(c.exitCode()).isZero();
  }

  @Test
  void aReportWithoutPeakRssIsNotAMeasurement() throws IOException {
    String cut =
        fixture("time-v-liveness.txt").replace("Maximum resident set size (kbytes): 76700\n", "");
    assertThat(ProcessCost.parse(cut)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0:00.29, 290", "1:02.50, 62500", "1:00:01, 3601000"})
  void readsTimesClock(String clock, double millis) {
    assertThat(ProcessCost.clockMillis(clock)).isCloseTo(millis, within(0.001));
  }

  @Test
  void medianOfAnOddAndAnEvenCount() {
    assertThat(Spread.of(List.of(5.0, 1.0, 3.0))).isEqualTo(new Spread(3, 1, 5, 3));
    assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 10.0))).isEqualTo(new Spread(3, 1, 10, 4));
    assertThat(Spread.of(List.of(800.0)).ratioTo(Spread.of(List.of(50.0)))).isEqualTo("16.00x");
    assertThat(new Spread(812.5, 740, 850, 20).format(0)).isEqualTo("813 (740–850)");
  }

  @Test
  void groupsGlusterCallsByTheRunThatMadeThem() {
    long dead = 4_000_000; // above pid_max's default: no such process
    String jvm = "java -XX:TieredStopAtLevel=1 -jar /work/target/glusterctl-probe-0.1.0.jar ";
    List<GlusterCallLog.Call> calls =
        List.of(
            new GlusterCallLog.Call(
                dead, jvm + "liveness", "--mode=script --timeout=8 --xml peer status"),
            new GlusterCallLog.Call(
                dead + 1, jvm + "readiness", "--mode=script --timeout=8 --xml peer status"),
            new GlusterCallLog.Call(
                dead + 2, jvm + "liveness --gluster /tmp/x", "--mode=script --xml peer status"),
            new GlusterCallLog.Call(
                dead + 2,
                jvm + "liveness --gluster /tmp/x",
                "--mode=script --remote-host=glusterfs-1.glusterfs.default.svc.cluster.local --xml peer status"),
            new GlusterCallLog.Call(
                ProcessHandle.current().pid(),
                jvm + "liveness",
                "--mode=script --xml peer status"));

    Map<Long, List<GlusterCallLog.Call>> runs = GlusterCallLog.finishedRuns(calls, "liveness");

    assertThat(runs)
        .containsOnlyKeys(dead, dead + 2); // the readiness run is not one; a live PID is not done
    assertThat(runs.get(dead)).hasSize(1);
    assertThat(runs.get(dead + 2)).hasSize(2);
  }

  @Test
  void theSubcommandIsTheArgumentAfterTheJar() {
    assertThat(
            new GlusterCallLog.Call(
                    1, "java -Xmx64m -jar /t/glusterctl-probe-0.1.0.jar prestop ", "")
                .subcommand())
        .isEqualTo("prestop");
    assertThat(new GlusterCallLog.Call(1, "sh /usr/local/bin/something liveness", "").subcommand())
        .isEmpty();
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = MeasurementParsingTest.class.getResourceAsStream("/bench/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
