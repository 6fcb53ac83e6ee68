package io.glusterctl.probe.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The StatefulSet controller's {@code OrderedReady} policy in the sandbox: pods are created one at
 * a time, each after the one below it is Ready, and removed highest first, one at a time. The
 * probes are the gluster CLI ({@link KubeletSettings#withoutProgram()}): Ready once glusterd
 * answers.
 */
class SandboxOrderedReadyTest {

  @BeforeAll
  static void requirements() {
    E2eAssumptions.assumeSandboxCanRun();
  }

  @Test
  void orderedReadyCreatesInOrderAfterReadinessAndRemovesHighestFirst() {
    try (Sandbox sandbox =
        Sandbox.builder()
            .replicas(3)
            .policy(PodManagementPolicy.ORDERED_READY)
            .kubelet(KubeletSettings.withoutProgram())
            .api(false)
            .start()) {
      List<String> events = sandbox.log().events();
      int created0 = indexOf(events, "glusterfs-0: pod created");
      int ready0 = indexOf(events, "glusterfs-0: readiness exit 0");
      int created1 = indexOf(events, "glusterfs-1: pod created");
      int ready1 = indexOf(events, "glusterfs-1: readiness exit 0");
      int created2 = indexOf(events, "glusterfs-2: pod created");
      assertThat(List.of(created0, ready0, created1, ready1, created2))
          .isSorted()
          .doesNotContain(-1);

      sandbox.cluster().scale(1);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(60));
      List<String> after = sandbox.log().events();
      int deleted2 = indexOf(after, "glusterfs-2: pod deleted");
      int deleting1 = indexOf(after, "statefulset: deleting pod 1");
      assertThat(deleted2).isNotNegative().isLessThan(deleting1);
      assertThat(sandbox.cluster().podOrdinals()).containsExactly(0);
    }
  }

  private static int indexOf(List<String> events, String text) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
