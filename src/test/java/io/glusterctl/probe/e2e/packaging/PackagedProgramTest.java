package io.glusterctl.probe.e2e.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.grack.nanojson.JsonArray;
import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import io.glusterctl.probe.GctTempDir;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged program ({@code target/glusterctl-probe}, made by {@code ./mvnw package}) run as a
 * process, the way the kubelet and a person run it: exit code, stdout, stderr. Only offline
 * commands: nothing here needs glusterd, DNS or the network.
 */
class PackagedProgramTest {
  private static final Path PROGRAM = Path.of("target", "glusterctl-probe");
  private static final Path FIXTURES = Path.of("test-fixtures");
  private static final String F = ".glusterfs.default.svc.cluster.local";

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  @BeforeEach
  void programIsBuilt() {
    Assumptions.assumeTrue(
        Files.isExecutable(PROGRAM),
        PROGRAM + " is missing: run './mvnw package' (or 'verify') so the launcher is built first");
  }

  /** What one run of the program did. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @Test
  void versionPrintsTheVersionAndNothingElse() throws Exception {
    Result r = run(Map.of(), null, "--version");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).matches("glusterctl-probe \\d+\\.\\d+\\.\\d+\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void offlineStatusAsJsonOfTheSeedsScaledUpPool() throws Exception {
    Result r =
        offline(
            Map.of(),
            "status",
            "seed-exp1-3-nodes.txt",
            "glusterfs-0,glusterfs-1,glusterfs-2,glusterfs-3",
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    JsonObject j = JsonParser.object().from(r.out());
    assertThat(j.getObject("self").getString("fqdn")).isEqualTo("glusterfs-0" + F);
    JsonArray peers = j.getArray("peers");
    assertThat(peers).hasSize(2);
    assertThat(peers.getObject(0).getString("hostname")).isEqualTo("glusterfs-1" + F);
    assertThat(peers.getObject(0).getString("uuid"))
        .isEqualTo("d77f225f-14f9-4028-9ed1-02eff28cbc4c");
    assertThat(peers.getObject(0).getString("state")).isEqualTo("Peer in Cluster");
    assertThat(peers.getObject(0).getBoolean("connected")).isTrue();
    assertThat(j.getArray("desired"))
        .containsExactly(
            "glusterfs-0" + F, "glusterfs-1" + F, "glusterfs-2" + F, "glusterfs-3" + F);
    JsonArray actions = j.getArray("actions");
    assertThat(actions).hasSize(1);
    assertThat(actions.getObject(0).getString("type")).isEqualTo("probe");
    assertThat(actions.getObject(0).getString("host")).isEqualTo("glusterfs-3" + F);
  }

  @Test
  void offlineStatusAsATable() throws Exception {
    Result r =
        offline(
            Map.of(),
            "status",
            "seed-exp4-rejected.txt",
            "glusterfs-0,glusterfs-1,glusterfs-2,glusterfs-3");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .startsWith("self:     glusterfs-0 (glusterfs-0" + F + ", ordinal 0, uuid ?)\n")
        .contains("peers:    3\n")
        .containsPattern(
            "glusterfs-1"
                + F.replace(".", "\\.")
                + "\\s+d77f225f-14f9-4028-9ed1-02eff28cbc4c\\s+Peer Rejected \\(Connected\\)")
        .contains("WARN glusterfs-1" + F + ": peer is rejected (Peer Rejected (Connected))");
  }

  @Test
  void theOutputFormatComesFromItsEnvironmentVariable() throws Exception {
    Result r =
        offline(
            Map.of("GLUSTERCTL_OUTPUT", "json"),
            "plan",
            "seed-exp1-3-nodes.txt",
            "glusterfs-0,glusterfs-1,glusterfs-2");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = JsonParser.object().from(r.out());
    assertThat(j.getArray("actions")).isEmpty();
    assertThat(j.getArray("findings").getObject(0).getString("reasonCode")).isEqualTo("HEALTHY");
  }

  @Test
  void peerStatusFromStandardInput() throws Exception {
    byte[] xml = Files.readAllBytes(FIXTURES.resolve("peer-status-2-peers.xml"));
    Result r = run(Map.of(), xml, "status", "--peer-status-file", "-", "--output", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(JsonParser.object().from(r.out()).getArray("peers")).hasSize(2);
  }

  @Test
  void aFileThatIsNoPeerStatusIsBadInputWithOneLine() throws Exception {
    Path garbage = tmp.resolve("garbage.txt");
    Files.writeString(garbage, "this is not\ngluster output\n");

    Result r = run(Map.of(), null, "status", "--peer-status-file", garbage.toString());

    assertBadInputInOneLine(r, "ERROR ");
    assertThat(r.err()).endsWith("\n");
  }

  @Test
  void anEndlessInputIsRefusedWithinTheSmallHeap() throws Exception {
    // the launcher runs the JVM with -Xmx64m; /dev/zero read to its end was an OutOfMemoryError
    Result r = run(Map.of(), null, "status", "--peer-status-file", "/dev/zero");

    assertBadInputInOneLine(r, "ERROR /dev/zero: larger than ");
  }

  /**
   * Exit 5 (bad input), nothing on stdout, and one line on stderr that starts with {@code line}.
   */
  private static void assertBadInputInOneLine(Result r, String line) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith(line);
    assertThat(r.err().strip()).doesNotContain("\n");
  }

  @Test
  void aBadOptionIsAUsageError() throws Exception {
    Result r = run(Map.of(), null, "liveness", "--deadline", "5x");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("Invalid value for option '--deadline'");
  }

  @Test
  void aBadEnvironmentVariableIsAUsageError() throws Exception {
    Result bad =
        run(
            Map.of("GLUSTERCTL_DEADLINE", "soon"),
            null,
            "plan",
            "--peer-status-file",
            FIXTURES.resolve("seed-exp1-3-nodes.txt").toString());

    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err())
        .startsWith("Invalid value for option '--deadline': 'soon' is not a duration");
  }

  /**
   * {@code command --peer-status-file <fixture> --self glusterfs-0 --desired <desired> more...}: an
   * offline analysis of a captured peer status, as pod 0 would see it.
   */
  private Result offline(
      Map<String, String> env, String command, String fixture, String desired, String... more)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(command, "--peer-status-file"));
    args.addAll(
        List.of(
            FIXTURES.resolve(fixture).toString(), "--self", "glusterfs-0", "--desired", desired));
    args.addAll(List.of(more));
    return run(env, null, args.toArray(String[]::new));
  }

  private Result run(Map<String, String> env, byte[] stdin, String... args) throws Exception {
    List<String> argv = new ArrayList<>();
    argv.add(PROGRAM.toAbsolutePath().toString());
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().keySet().removeIf(k -> k.startsWith("GLUSTERCTL_") || k.startsWith("POD_"));
    pb.environment().putAll(env);
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Process p = pb.start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p, false));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p, true));
    if (stdin != null) {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(argv + " did not end within 60 s");
    }
    return new Result(
        p.exitValue(),
        new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8),
        new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(Process p, boolean stderr) {
    try {
      return (stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
