package io.glusterctl.probe.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.grack.nanojson.JsonObject;
import io.glusterctl.probe.events.EventReason;
import io.glusterctl.probe.events.EventSink;
import io.glusterctl.probe.events.KubeApiEventSink;
import io.glusterctl.probe.events.KubeEvent;
import io.glusterctl.probe.events.ObjectRef;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.KubeApiConfig;
import io.glusterctl.probe.observe.KubeApiMembersSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake API as the sandbox runs it: its own process, started with its command line. */
class FakeKubeApiServerTest {
  @TempDir Path dir;

  @Test
  void runsAsAProcessAndFollowsItsReplicasFile() throws Exception {
    Path replicas = Files.writeString(dir.resolve("replicas"), "3\n");
    Path token = Files.writeString(dir.resolve("token"), "gad-sandbox-token");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    FakeKubeApiServer.class.getName(),
                    "--listen",
                    "127.0.0.1:0",
                    "--cert-dir",
                    dir.resolve("certs").toString(),
                    "--token",
                    "gad-sandbox-token",
                    "--replicas-file",
                    replicas.toString(),
                    "--namespace",
                    "storage",
                    "--statefulset",
                    "gfs",
                    "--events-file",
                    dir.resolve("events.jsonl").toString()))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).startsWith("listening on https://127.0.0.1:");
      String url = first.substring("listening on ".length());
      assertThat(dir.resolve("certs/ca.crt")).isRegularFile();

      KubeApiMembersSource source =
          new KubeApiMembersSource(
              new Self("gfs-0", "storage", "gfs", "cluster.local"),
              "gfs",
              new KubeApiConfig(Optional.of(URI.create(url)), token, dir.resolve("certs/ca.crt")),
              Duration.ofSeconds(30));
      assertThat(source.replicas(Deadline.in(Duration.ofSeconds(30))).known()).contains(3);
      assertThat(out.readLine())
          .isEqualTo(
              "GET /apis/apps/v1/namespaces/storage/statefulsets/gfs/scale -> 200 from 127.0.0.1");

      Files.writeString(replicas, "status=403\n");
      assertThat(source.replicas(Deadline.in(Duration.ofSeconds(30))).unknownWhy().orElseThrow())
          .contains("403 Forbidden");
      assertThat(out.readLine()).endsWith("-> 403 from 127.0.0.1");

      Files.writeString(replicas, "5\n");
      assertThat(source.replicas(Deadline.in(Duration.ofSeconds(30))).known()).contains(5);
      assertThat(out.readLine()).endsWith("-> 200 from 127.0.0.1");

      // Events: created, then the same one again updated, and what the API stored in the file
      EventSink sink =
          new KubeApiEventSink(
              new KubeApiConfig(Optional.of(URI.create(url)), token, dir.resolve("certs/ca.crt")),
              "gfs-0");
      KubeEvent event =
          new KubeEvent(
              ObjectRef.pod("storage", "gfs-0", Optional.of("uid-0")),
              EventReason.RepairRequested,
              "drift",
              "drift repair: the pool rejects this pod");
      Instant t0 = Instant.parse("2026-12-02T10:00:00Z");
      assertThat(sink.post(List.of(event), t0, Deadline.in(Duration.ofSeconds(20))).failures())
          .isEmpty();
      assertThat(
              sink.post(List.of(event), t0.plusSeconds(30), Deadline.in(Duration.ofSeconds(20)))
                  .failures())
          .isEmpty();
      List<JsonObject> stored = FakeKubeApiServer.readEvents(dir.resolve("events.jsonl"));
      assertThat(stored).singleElement();
      assertThat(stored.get(0).getInt("count")).isEqualTo(2);
      assertThat(stored.get(0).getString("reason")).isEqualTo("RepairRequested");
      assertThat(stored.get(0).getString("lastTimestamp")).isEqualTo("2026-12-02T10:00:30Z");
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
