package io.glusterctl.probe.e2e.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.grack.nanojson.JsonObject;
import io.glusterctl.probe.e2e.Scenario;
import io.glusterctl.probe.e2e.sandbox.Sandbox;
import io.glusterctl.probe.model.ReasonCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Events the probes post, as the (fake) API server stores them, in API mode: a pool that forms,
 * scales down and up again. The coordinator (pod 0) posts PeerProbed and PeerDetached on its own
 * pod (with its UID) and on the StatefulSet, the program's reason text as message; a steady healthy
 * pool posts none; the same happening again (pod 2 probed a second time) is the same Event with its
 * count grown, not a new object; the service-account token is in no Event and no probe output.
 */
@Tag("extended")
class EventsPostedTest {
  static final String STS = "glusterfs";

  @Test
  void probesAndDetachesAreEventsAndAQuietPoolPostsNone() {
    try (Scenario s = Scenario.experiment("events").start()) {
      Sandbox sandbox = s.sandbox();
      String host1 = sandbox.fqdn(1);
      String host2 = sandbox.fqdn(2);

      // the pool formed: pod 0 probed pods 1 and 2
      Scenario.await(
          "PeerProbed of pods 1 and 2 on the StatefulSet",
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          () ->
              count(sandbox, "StatefulSet", STS, "PeerProbed", host2) > 0
                  && count(sandbox, "StatefulSet", STS, "PeerProbed", host1) > 0);
      for (String host : List.of(host1, host2)) {
        JsonObject onSts = one(sandbox, "StatefulSet", STS, "PeerProbed", host);
        String prober = onSts.getString("message").split(" on ", 2)[0];
        JsonObject onPod = one(sandbox, "Pod", prober, "PeerProbed", host);
        assertThat(onPod.getString("message")).satisfies(m -> assertReasonText(m, host));
        assertThat(onPod.getObject("involvedObject").getString("uid", "")).isNotBlank();
        assertThat(onPod.getString("type")).isEqualTo("Normal");
        assertThat(onSts.getString("message"))
            .isEqualTo(prober + " on " + onPod.getString("message"));
      }

      // steady and healthy: nothing more is posted over several periods
      Map<String, Long> formed = counts(sandbox);
      Scenario.sleep(sandbox.probePeriod().multipliedBy(4));
      assertThat(counts(sandbox)).as("Events after 4 quiet periods").isEqualTo(formed);

      // scale 3 -> 2: pod 2's preStop waits, pod 0 detaches it
      sandbox.cluster().scale(2);
      s.awaitConverged("scale 3 -> 2", Scenario.ordinals(2), 12);
      Scenario.await(
          "PeerDetached of pod 2",
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          () -> count(sandbox, "StatefulSet", STS, "PeerDetached", host2) > 0);
      JsonObject detached = one(sandbox, "StatefulSet", STS, "PeerDetached", host2);
      String detacher = detached.getString("message").split(" on ", 2)[0];
      assertThat(one(sandbox, "Pod", detacher, "PeerDetached", host2).getString("message"))
          .startsWith(host2 + ": ")
          .contains(ReasonCode.SURPLUS_BY_REPLICAS.text());

      // 2 -> 3: pod 2 is probed again, which is the same Event with count 2
      sandbox.cluster().scale(3);
      sandbox.cluster().awaitPodsRunning(Duration.ofSeconds(60));
      s.awaitConverged("scale 2 -> 3", Scenario.ordinals(3), 12);
      Scenario.await(
          "PeerProbed of pod 2 counted twice",
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          () -> count(sandbox, "StatefulSet", STS, "PeerProbed", host2) == 2);
      assertThat(matching(sandbox, "StatefulSet", STS, "PeerProbed", host2))
          .as("one Event object for both probes of pod 2")
          .hasSize(1);
      assertThat(
              count(sandbox, "Pod", "glusterfs-0", "PeerProbed", host2)
                  + count(sandbox, "Pod", "glusterfs-1", "PeerProbed", host2))
          .as("pod 2's probes, on the pods that made them")
          .isEqualTo(2);
      assertThat(count(sandbox, "StatefulSet", STS, "PeerProbed", host1)).isEqualTo(1);

      String token = sandbox.apiToken();
      assertThat(token).isNotBlank();
      assertThat(sandbox.events().toString()).doesNotContain(token);
      for (int o = 0; o < 3; o++) {
        assertThat(sandbox.glusterPod(o).probeOutput())
            .as("pod %d's probe output", o)
            .doesNotContain(token)
            .doesNotContain("WARN events");
      }
      s.figure("events", sandbox.events().size() + " Event objects: " + counts(sandbox));
      // pod 2's detach on the scale-down is meant (it is desired again now): pods 0 and 1 lost it,
      // and pod 2 lost them; nothing else vanished from anyone's list
      assertThat(s.watch().detachments())
          .as("members that vanished from a healthy member's list")
          .allSatisfy(
              d -> assertThat(d.observer() == 2 || d.missing().equals(host2)).as("%s", d).isTrue());
    }
  }

  /**
   * {@code host: <the program's reason text>}: the text of one of its reason codes (forming a pool
   * of pods that are alone is a reason of its own, a missing member of an existing pool another).
   */
  static void assertReasonText(String message, String host) {
    assertThat(Arrays.stream(ReasonCode.values()))
        .as("a reason code whose text follows '%s: ' in %s", host, message)
        .anyMatch(c -> message.startsWith(host + ": " + c.text()));
  }

  /** The Events about {@code kind/name} with this reason whose message is about {@code host}. */
  static List<JsonObject> matching(
      Sandbox sandbox, String kind, String name, String reason, String host) {
    return sandbox.events().stream()
        .filter(e -> kind.equals(e.getObject("involvedObject").getString("kind")))
        .filter(e -> name.equals(e.getObject("involvedObject").getString("name")))
        .filter(e -> reason.equals(e.getString("reason")))
        .filter(e -> e.getString("message", "").contains(host + ": "))
        .toList();
  }

  static JsonObject one(Sandbox sandbox, String kind, String name, String reason, String host) {
    List<JsonObject> m = matching(sandbox, kind, name, reason, host);
    assertThat(m).as("%s %s/%s about %s", reason, kind, name, host).hasSize(1);
    return m.get(0);
  }

  static long count(Sandbox sandbox, String kind, String name, String reason, String host) {
    return matching(sandbox, kind, name, reason, host).stream()
        .mapToLong(e -> e.getLong("count", 0))
        .sum();
  }

  /** Every Event's count, by its name. */
  static Map<String, Long> counts(Sandbox sandbox) {
    Map<String, Long> m = new TreeMap<>();
    for (JsonObject e : sandbox.events()) {
      m.put(
          e.getObject("involvedObject").getString("name")
              + "/"
              + e.getString("reason")
              + "/"
              + e.getObject("metadata").getString("name"),
          e.getLong("count", 0));
    }
    return m;
  }
}
