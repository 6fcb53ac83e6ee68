package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many targets checked at once: every host's answer, and a host whose check has not answered in the
 * time given left out (not checked, never answering).
 */
class ConcurrentTargetProberTest {

  @Test
  void everyHostIsCheckedAndAHungCheckIsLeftOut() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    // the five checks that answer each wait until all five have started: one after another, the
    // first would wait past the time given and none would be in the answer
    CountDownLatch allStarted = new CountDownLatch(5);
    TargetProber single =
        host -> {
          try {
            if (host.equals("hung")) {
              release.await();
            } else {
              allStarted.countDown();
              allStarted.await(10, TimeUnit.SECONDS);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return host.startsWith("up");
        };
    ConcurrentTargetProber prober = new ConcurrentTargetProber(single, 8);

    Map<String, Boolean> answers =
        prober.answering(
            List.of("up-1", "down-1", "hung", "up-2", "down-2", "up-3"),
            Deadline.in(Duration.ofSeconds(2)));
    release.countDown();

    assertThat(answers)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("up-1", true, "down-1", false, "up-2", true, "down-2", false, "up-3", true));
  }

  @Test
  void noHostsNoThreads() {
    ConcurrentTargetProber prober =
        new ConcurrentTargetProber(
            host -> {
              throw new AssertionError("not asked");
            },
            8);
    assertThat(prober.answering(List.of(), Deadline.in(Duration.ofSeconds(1)))).isEmpty();
  }
}
