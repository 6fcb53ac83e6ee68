package io.glusterctl.probe.e2e.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Pod;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.e2e.sandbox.ServedVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A container stop (the runtime's SIGTERM to PID 1, forwarded by tini to the entrypoint) stops the
 * bricks cleanly before glusterd: each brick logs that it got SIGTERM and shuts down while glusterd
 * still runs (so its sign-out from glusterd's port map is heard), and the container exits before
 * the grace period ends. With {@code exec glusterd -N} the bricks died with SIGKILL when PID 1
 * exited, the way a crash looks. And glusterd's and the bricks' logs reach the container log
 * ({@code kubectl logs}), not only the files in the container.
 */
@Tag("extended")
class ContainerStopTest {
  static final Duration BRICKS_ONLINE = Duration.ofSeconds(90);
  static final String SIGTERM_LINE = "received signum (15), shutting down";

  @Test
  void aContainerStopStopsTheBricksFirstAndTheLogsGoToTheContainerLog() {
    try (Scenario s = Scenario.data("container stop").start()) {
      Sandbox sandbox = s.sandbox();
      ServedVolume v1 = DataVolumes.startedOnPods012(s, BRICKS_ONLINE);

      Pod pod = sandbox.cluster().requirePod(1);
      Path containerLog = pod.dir().resolve("container.log");
      Path brickLog = pod.dir().resolve("log/bricks/bricks-b.log");
      Scenario.await(
          "glusterd's and the brick's logs in the container log",
          Duration.ofSeconds(30),
          Duration.ofMillis(200),
          () ->
              read(containerLog).contains("Started running version [{arg=glusterd}")
                  && read(containerLog).contains("--brick-name " + v1.brickPath()));

      int containerLogBefore = read(containerLog).length();
      int brickLogBefore = read(brickLog).length();
      int glusterdLogBefore = read(pod.glusterdLog()).length();
      int eventsBefore = sandbox.log().events().size();
      sandbox.faults().stopContainer(1);

      List<String> events = sandbox.log().events();
      assertThat(events.subList(eventsBefore, events.size()))
          .as("the container exited on SIGTERM, before the grace period's SIGKILL")
          .anySatisfy(e -> assertThat(e).contains("glusterfs-1: container stopped on SIGTERM"));
      String brickSaid = read(brickLog).substring(brickLogBefore);
      String glusterdSaid = read(pod.glusterdLog()).substring(glusterdLogBefore);
      assertThat(brickSaid).as("the brick's log after the stop").contains(SIGTERM_LINE);
      assertThat(glusterdSaid).as("glusterd's log after the stop").contains(SIGTERM_LINE);
      assertThat(timeOfLineWith(brickSaid, SIGTERM_LINE).orElseThrow())
          .as("the brick shut down before glusterd")
          .isLessThanOrEqualTo(timeOfLineWith(glusterdSaid, SIGTERM_LINE).orElseThrow());
      String containerSaid = read(containerLog).substring(containerLogBefore);
      assertThat(containerSaid)
          .as("the container log of the stop")
          .contains("entrypoint: stopping the bricks and the self-heal daemon first")
          .contains("entrypoint: bricks and self-heal daemon stopped")
          .contains(SIGTERM_LINE);

      sandbox.faults().startContainer(1);
      assertThat(v1.awaitBricksOnline(0, BRICKS_ONLINE))
          .as("every brick online after the container's restart: %s", v1.status(0))
          .isTrue();
    }
  }

  private static final Pattern TIME =
      Pattern.compile("^\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+) ");

  /** The timestamp of the first log line containing {@code text} (sortable as text). */
  static Optional<String> timeOfLineWith(String log, String text) {
    for (String line : log.split("\n")) {
      if (line.contains(text)) {
        Matcher m = TIME.matcher(line);
        if (m.find()) {
          return Optional.of(m.group(1));
        }
      }
    }
    return Optional.empty();
  }

  static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
