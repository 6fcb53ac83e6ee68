package io.glusterctl.probe.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonWriter;
import io.glusterctl.probe.e2e.sandbox.FakeKubeApiServer;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.Reason;
import io.glusterctl.probe.model.ReasonCode;
import io.glusterctl.probe.observe.KubeApiConfig;
import io.kubernetes.client.openapi.models.CoreV1Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the sandbox's fake API (HTTPS, a bearer token, the manifest's Role, stored Events). */
class KubeApiEventSinkTest {
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.events-secret-token.c2ln";
  private static final String F = ".glusterfs.default.svc.cluster.local";
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private static final RunEvents RUN =
      new RunEvents(
          ObjectRef.pod("default", "glusterfs-0", Optional.of("0b7c1a4e-pod-uid")),
          ObjectRef.statefulSet("default", "glusterfs", Optional.empty()));
  private static final List<KubeEvent> PROBED =
      RUN.ofAction(
          new Action.Probe("glusterfs-3" + F, Reason.of(ReasonCode.MISSING_MEMBER)), true, "");

  @TempDir Path dir;
  private FakeKubeApiServer api;
  private final ByteArrayOutputStream requests = new ByteArrayOutputStream();

  @BeforeEach
  void startApi() throws IOException {
    Files.writeString(dir.resolve("replicas"), "3\n");
    api =
        FakeKubeApiServer.start(
            new FakeKubeApiServer.Config(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                dir.resolve("certs"),
                TOKEN,
                dir.resolve("replicas"),
                "default",
                "glusterfs"),
            new PrintStream(requests, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private EventSink sink() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    return new KubeApiEventSink(
        new KubeApiConfig(Optional.of(URI.create(api.url())), token, api.caFile()), "glusterfs-0");
  }

  private void apiSays(String directives) throws IOException {
    Files.writeString(dir.resolve("replicas"), "3\n" + directives);
  }

  private static Deadline seconds(int n) {
    return Deadline.in(Duration.ofSeconds(n));
  }

  @Test
  void aNewEventIsCreatedAsACoreV1EventTheApiAccepts() throws Exception {
    EventSink.Posted posted = sink().post(PROBED, T0, seconds(20));
    assertThat(posted.failures()).isEmpty();
    assertThat(posted.posted()).isEqualTo(2);
    assertThat(posted.warning()).isEmpty();
    assertThat(api.events()).hasSize(2);
    JsonObject pod = api.events().get(0);
    assertThat(pod.getObject("metadata").getString("name")).isEqualTo(PROBED.get(0).name());
    assertThat(pod.getObject("involvedObject").getString("kind")).isEqualTo("Pod");
    assertThat(pod.getObject("involvedObject").getString("uid")).isEqualTo("0b7c1a4e-pod-uid");
    assertThat(pod.getString("reason")).isEqualTo("PeerProbed");
    assertThat(pod.getString("type")).isEqualTo("Normal");
    assertThat(pod.getString("message")).isEqualTo(PROBED.get(0).message());
    assertThat(pod.getString("firstTimestamp")).isEqualTo("2026-12-02T10:00:00Z");
    assertThat(pod.getString("lastTimestamp")).isEqualTo("2026-12-02T10:00:00Z");
    assertThat(pod.getInt("count")).isEqualTo(1);
    assertThat(pod.getString("reportingInstance")).isEqualTo("glusterfs-0");
    assertThat(api.events().get(1).getObject("involvedObject").getString("kind"))
        .isEqualTo("StatefulSet");
    for (JsonObject e : api.events()) {
      // the official Kubernetes client's model of core/v1 Event: required and unknown fields
      CoreV1Event.validateJsonElement(JsonParser.parseString(JsonWriter.string(e)));
    }
  }

  @Test
  void aRepeatUpdatesTheOneEventsCountAndLastTimestamp() throws Exception {
    EventSink sink = sink();
    for (int i = 0; i < 5; i++) {
      EventSink.Posted p = sink.post(PROBED.subList(0, 1), T0.plusSeconds(30L * i), seconds(20));
      assertThat(p.failures()).isEmpty();
    }
    assertThat(api.events()).singleElement();
    JsonObject e = api.events().get(0);
    assertThat(e.getInt("count")).isEqualTo(5);
    assertThat(e.getString("firstTimestamp")).isEqualTo("2026-12-02T10:00:00Z");
    assertThat(e.getString("lastTimestamp")).isEqualTo("2026-12-02T10:02:00Z");
    assertThat(requests.toString(StandardCharsets.UTF_8))
        .as("created once, then patched")
        .containsOnlyOnce("POST /api/v1/namespaces/default/events -> 201")
        .doesNotContain("GET /api/v1");
  }

  @Test
  void anotherHappeningIsAnotherEvent() throws Exception {
    EventSink sink = sink();
    sink.post(PROBED.subList(0, 1), T0, seconds(20));
    sink.post(
        RUN.ofAction(
                new Action.Probe("glusterfs-4" + F, Reason.of(ReasonCode.MISSING_MEMBER)), true, "")
            .subList(0, 1),
        T0,
        seconds(20));
    assertThat(api.events()).hasSize(2);
  }

  @Test
  void aRefusingApiIsOneWarningLineWithoutTheToken() throws Exception {
    apiSays("events-status=403\nmessage=forbidden for Bearer " + TOKEN + "\n");
    EventSink.Posted p = sink().post(PROBED, T0, seconds(20));
    assertThat(p.posted()).isZero();
    assertThat(p.warning())
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .startsWith("WARN events: 2 of 2 not posted: the service account may not post")
                    .contains("(and 1 more)")
                    .doesNotContain("\n")
                    .doesNotContain(TOKEN));
    assertThat(api.events()).isEmpty();
  }

  @Test
  void aSlowApiDoesNotHoldTheRunPastItsBudget() throws Exception {
    apiSays("events-delay=5000\n");
    long start = System.nanoTime();
    EventSink.Posted p = sink().post(PROBED, T0, seconds(20));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(p.posted()).isZero();
    assertThat(p.warning()).hasValueSatisfying(w -> assertThat(w).contains("did not answer"));
    assertThat(took).isLessThan(KubeApiEventSink.BUDGET.plusSeconds(2));
  }

  @Test
  void theRunsDeadlineBoundsThePost() throws Exception {
    apiSays("events-delay=5000\n");
    long start = System.nanoTime();
    EventSink.Posted p = sink().post(PROBED, T0, Deadline.in(Duration.ofMillis(500)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(p.posted()).isZero();
    assertThat(took).isLessThan(Duration.ofMillis(2500));
    EventSink.Posted none = sink().post(PROBED, T0, Deadline.in(Duration.ZERO));
    assertThat(none.warning())
        .hasValueSatisfying(w -> assertThat(w).contains("no time left in the run"));
  }

  @Test
  void noApiOrNoTokenIsAWarningNotAnError() throws Exception {
    EventSink.Posted noToken =
        new KubeApiEventSink(
                new KubeApiConfig(
                    Optional.of(URI.create(api.url())), dir.resolve("none"), api.caFile()),
                "glusterfs-0")
            .post(PROBED, T0, seconds(20));
    assertThat(noToken.warning())
        .hasValueSatisfying(w -> assertThat(w).contains("no service-account token at"));
    Path token = Files.writeString(dir.resolve("token"), TOKEN);
    EventSink.Posted plain =
        new KubeApiEventSink(
                new KubeApiConfig(
                    Optional.of(URI.create("http://127.0.0.1:1")), token, api.caFile()),
                "glusterfs-0")
            .post(PROBED, T0, seconds(20));
    assertThat(plain.warning()).hasValueSatisfying(w -> assertThat(w).contains("not https"));
    assertThat(EventSink.NONE.post(PROBED, T0, seconds(1)).warning()).isEmpty();
  }

  @Test
  void nothingToPostSendsNothing() throws Exception {
    assertThat(sink().post(List.of(), T0, seconds(20)))
        .isEqualTo(new EventSink.Posted(0, 0, List.of()));
    assertThat(requests.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
