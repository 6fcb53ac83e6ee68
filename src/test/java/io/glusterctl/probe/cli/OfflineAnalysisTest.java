package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.grack.nanojson.JsonObject;
import com.grack.nanojson.JsonParser;
import com.grack.nanojson.JsonParserException;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Offline analysis of a pasted {@code gluster peer status}: {@code status|plan --peer-status-file
 * FILE [--desired ...] [--self ...] --output json|text}, over the fixtures the seed and glusterd
 * 10.3 printed.
 */
class OfflineAnalysisTest {
  private static final String F = ".glusterfs.default.svc.cluster.local";
  // the seed's UUIDs
  private static final String S0 = "edb18957-b7f5-468d-baf8-19e0e02d20c7";
  private static final String S1 = "d77f225f-14f9-4028-9ed1-02eff28cbc4c";
  private static final String S2 = "19c08924-19f1-4160-a67b-048ed3de4b4a";
  private static final String S3 = "54b7cfc0-965e-4e4e-8491-d86df62a66fc";
  private static final String S4 = "4076907a-f4c4-4c0a-b709-b36bf6e52644";
  private static final String S3_EXP4 = "55fff684-b838-4679-b590-cc5388148c8d";
  // capture.sh's pods
  private static final String U0 = "0eb3bacf-13ce-452a-8eb7-f74357da77ef";
  private static final String U1 = "ebb353ee-8f0a-481a-b685-00761eac2483";
  private static final String U2 = "59678370-3ef4-4338-a0b4-e60a08cdaa7c";

  static JsonObject json(Cli.Run r) {
    assertThat(r.err()).as(r.toString()).isEmpty();
    try {
      return JsonParser.object().from(r.out());
    } catch (JsonParserException e) {
      throw new AssertionError("not JSON: " + r, e);
    }
  }

  /** stdout as JSON, whatever is on stderr (warnings of online runs). */
  static JsonObject jsonLenient(Cli.Run r) {
    try {
      return JsonParser.object().from(r.out());
    } catch (JsonParserException e) {
      throw new AssertionError("not JSON: " + r, e);
    }
  }

  static Cli.Run offline(String command, String fixture, String... more) {
    List<String> args =
        new ArrayList<>(List.of(command, "--peer-status-file", Cli.fixture(fixture).toString()));
    args.addAll(List.of(more));
    return Cli.run(args);
  }

  /** (uuid, hostname, state, connected) of each peer in the JSON. */
  static List<Tuple> peers(JsonObject j) {
    List<Tuple> out = new ArrayList<>();
    for (Object o : j.getArray("peers")) {
      JsonObject p = (JsonObject) o;
      out.add(
          tuple(
              p.getString("uuid"),
              p.getString("hostname"),
              p.getString("state"),
              p.get("connected")));
    }
    return out;
  }

  /** (type, host, reasonCode) of each action in the JSON. */
  static List<Tuple> actions(JsonObject j) {
    List<Tuple> out = new ArrayList<>();
    for (Object o : j.getArray("actions")) {
      JsonObject a = (JsonObject) o;
      out.add(tuple(a.getString("type"), a.getString("host"), a.getString("reasonCode")));
    }
    return out;
  }

  static List<Tuple> findings(JsonObject j) {
    List<Tuple> out = new ArrayList<>();
    for (Object o : j.getArray("findings")) {
      JsonObject f = (JsonObject) o;
      out.add(tuple(f.getString("severity"), f.getString("host"), f.getString("reasonCode")));
    }
    return out;
  }

  static String desired(int... ordinals) {
    List<String> names = new ArrayList<>();
    for (int o : ordinals) {
      names.add("glusterfs-" + o);
    }
    return String.join(",", names);
  }

  // ---- the seed's experiments

  @Test
  void seedInitialPoolOfThreeIsHealthy() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp1-3-nodes.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(peers(j))
        .containsExactly(
            tuple(S1, "glusterfs-1" + F, "Peer in Cluster", true),
            tuple(S2, "glusterfs-2" + F, "Peer in Cluster", true));
    assertThat(j.getArray("desired"))
        .containsExactly("glusterfs-0" + F, "glusterfs-1" + F, "glusterfs-2" + F);
    assertThat(j.getString("desiredSource")).isEqualTo("static");
    assertThat(j.getArray("actions")).isEmpty();
    assertThat(findings(j)).containsExactly(tuple("INFO", "", "HEALTHY"));
    JsonObject self = j.getObject("self");
    assertThat(self.getString("pod")).isEqualTo("glusterfs-0");
    assertThat(self.getString("fqdn")).isEqualTo("glusterfs-0" + F);
    assertThat(self.getInt("ordinal")).isZero();
    assertThat(self.isNull("uuid")).isTrue(); // a paste does not say its own node's UUID
  }

  @Test
  void scaleUpFromThreeToFiveProbesTheNewMembersInOrdinalOrder() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp1-3-nodes.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(4, 3, 2, 1, 0),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(j.getArray("desired"))
        .containsExactly(
            "glusterfs-0" + F,
            "glusterfs-1" + F,
            "glusterfs-2" + F,
            "glusterfs-3" + F,
            "glusterfs-4" + F);
    assertThat(actions(j))
        .containsExactly(
            tuple("probe", "glusterfs-3" + F, "MISSING_MEMBER"),
            tuple("probe", "glusterfs-4" + F, "MISSING_MEMBER"));
    JsonObject first = j.getArray("actions").getObject(0);
    assertThat(first.getString("reason")).contains("not in the pool").contains("ordinal 3");
  }

  @Test
  void scaleUpAsSeenFromANonCoordinatorStillPlansAsTheCoordinatorWould() {
    // seed experiment 3 was pasted on glusterfs-1
    Cli.Run r =
        offline(
            "plan",
            "seed-exp3-scaled-down-3.txt",
            "--self",
            "glusterfs-1",
            "--desired",
            desired(0, 1, 2, 3),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(peers(j))
        .containsExactly(
            tuple(S0, "glusterfs-0" + F, "Peer in Cluster", true),
            tuple(S2, "glusterfs-2" + F, "Peer in Cluster", true));
    assertThat(actions(j)).containsExactly(tuple("probe", "glusterfs-3" + F, "MISSING_MEMBER"));
  }

  @Test
  void scaleDownFromFiveToThreeFindsTheSurplusMembersButDetachesNothingWithoutBricks() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp2-scaled-up-5.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(peers(j)).extracting(t -> t.toList().get(0)).containsExactly(S1, S2, S3, S4);
    assertThat(j.getArray("desired"))
        .containsExactly("glusterfs-0" + F, "glusterfs-1" + F, "glusterfs-2" + F);
    // which peers host bricks is not in a pasted peer status: a detach is never planned blind
    assertThat(j.getArray("actions")).isEmpty();
    assertThat(findings(j))
        .containsExactly(
            tuple("WARN", "glusterfs-4" + F, "BRICKS_UNKNOWN"),
            tuple("WARN", "glusterfs-3" + F, "BRICKS_UNKNOWN"));
  }

  @Test
  void scaleDownIsSaidInTheFindingAsSurplus() {
    Cli.Run r =
        offline(
            "plan",
            "seed-exp2-scaled-up-5.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    // each finding is followed by the runbook section a person reads next, as in status
    assertThat(r.outLines()).hasSize(5).first().isEqualTo("no action");
    assertThat(r.outLines().get(1)).startsWith("WARN glusterfs-4" + F + ": ").contains("surplus");
    assertThat(r.outLines().get(2))
        .isEqualTo("    see: docs/troubleshooting.md#a-scale-down-does-not-finish");
    assertThat(r.outLines().get(4)).isEqualTo(r.outLines().get(2));
  }

  @Test
  void theSeedsRejectedPeerIsReportedNeverRepairedOffline() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp4-rejected.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2, 3),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(peers(j))
        .containsExactly(
            tuple(S1, "glusterfs-1" + F, "Peer Rejected", true),
            tuple(S2, "glusterfs-2" + F, "Peer in Cluster", true),
            tuple(S3_EXP4, "glusterfs-3" + F, "Peer in Cluster", true));
    assertThat(j.getArray("peers").getObject(0).getInt("stateCode")).isEqualTo(6);
    assertThat(j.getArray("actions")).isEmpty();
    assertThat(findings(j)).containsExactly(tuple("WARN", "glusterfs-1" + F, "REJECTED_PEER"));
  }

  @Test
  void beforeTheSeedsPodDeleteEveryPeerIsHealthy() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp4-before-delete.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2, 3),
            "--output",
            "json");

    JsonObject j = json(r);
    assertThat(j.getArray("actions")).isEmpty();
    assertThat(findings(j)).containsExactly(tuple("INFO", "", "HEALTHY"));
  }

  // ---- glusterd 10.3's outputs, text and XML

  static Stream<Arguments> glusterd103() {
    return Stream.of(
        Arguments.of("peer-status-other-names.xml"), Arguments.of("peer-status-other-names.txt"));
  }

  @ParameterizedTest
  @MethodSource("glusterd103")
  void everyNameOfAPeerIsListedPrimaryFirst(String fixture) {
    Cli.Run r =
        offline(
            "status",
            fixture,
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    JsonObject p1 = j.getArray("peers").getObject(0);
    assertThat(p1.getString("uuid")).isEqualTo(U1);
    assertThat(p1.getArray("hostnames"))
        .containsExactly(
            "glusterfs-1" + F, "GLUSTERFS-1.GLUSTERFS.DEFAULT.SVC.CLUSTER.LOCAL", "glusterfs-1");
    assertThat(j.getArray("peers").getObject(1).getArray("hostnames"))
        .containsExactly("glusterfs-2" + F);
    assertThat(j.getArray("actions")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"peer-status-disconnected.txt", "peer-status-disconnected.xml"})
  void aDisconnectedDesiredMemberIsReportedNeverDetached(String fixture) {
    Cli.Run r =
        offline(
            "status",
            fixture,
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(peers(j))
        .containsExactly(
            tuple(U1, "glusterfs-1" + F, "Peer in Cluster", true),
            tuple(U2, "glusterfs-2" + F, "Peer in Cluster", false));
    assertThat(j.getArray("actions")).isEmpty();
    assertThat(findings(j))
        .containsExactly(tuple("WARN", "glusterfs-2" + F, "DISCONNECTED_MEMBER"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"peer-status-sent-and-received.txt", "peer-status-sent-and-received.xml"})
  void aHandshakeStateIsGlusterdsText(String fixture) {
    Cli.Run r =
        offline(
            "status",
            fixture,
            "--self",
            "glusterfs-1",
            "--desired",
            desired(0, 1, 2),
            "--output",
            "json");

    JsonObject j = json(r);
    assertThat(peers(j))
        .containsExactly(
            tuple(U2, "glusterfs-2" + F, "Peer Rejected", true),
            tuple(U0, "glusterfs-0" + F, "Sent and Received peer request", true));
    assertThat(j.getArray("actions")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"peer-status-0-peers.txt", "peer-status-0-peers.xml"})
  void aNodeThatIsAloneWithMoreDesiredMembersProbesThem(String fixture) {
    Cli.Run r =
        offline(
            "status",
            fixture,
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(j.getArray("peers")).isEmpty();
    assertThat(actions(j)).containsExactly(tuple("probe", "glusterfs-1" + F, "MISSING_MEMBER"));
  }

  // ---- options

  @Test
  void withoutDesiredNothingIsPlannedAndThatIsSaid() {
    Cli.Run r = offline("status", "seed-exp1-3-nodes.txt", "--output", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(j.isNull("desired")).isTrue();
    assertThat(j.getString("desiredUnknown")).isEqualTo("no --desired given");
    assertThat(j.getArray("peers")).hasSize(2);
    assertThat(j.getArray("actions")).isEmpty();
    assertThat(findings(j)).containsExactly(tuple("ERROR", "", "DESIRED_UNKNOWN"));
  }

  @Test
  void withoutSelfTheNodeThePasteCameFromCountsAsMissing() {
    // documented in --self's help: the paste never lists its own node
    Cli.Run r =
        offline("plan", "seed-exp1-3-nodes.txt", "--desired", desired(0, 1, 2), "--output", "json");

    JsonObject j = json(r);
    assertThat(actions(j)).containsExactly(tuple("probe", "glusterfs-0" + F, "MISSING_MEMBER"));
  }

  @Test
  void desiredMembersMayBeGivenAsFqdnsAndInAnyCase() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp1-3-nodes.txt",
            "--self",
            "glusterfs-0" + F,
            "--desired",
            "GLUSTERFS-0"
                + F.toUpperCase(java.util.Locale.ROOT)
                + ",glusterfs-1"
                + F
                + ",glusterfs-2.glusterfs",
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(j.getArray("desired"))
        .containsExactly("glusterfs-0" + F, "glusterfs-1" + F, "glusterfs-2" + F);
    assertThat(j.getArray("actions")).isEmpty();
  }

  @Test
  void anotherNamespaceAndDomainAreTakenFromTheNames() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp1-3-nodes.txt",
            "--self",
            "glusterfs-0.glusterfs.storage.svc.example.org",
            "--desired",
            desired(0, 1),
            "--output",
            "json");

    JsonObject j = json(r);
    assertThat(j.getObject("self").getString("fqdn"))
        .isEqualTo("glusterfs-0.glusterfs.storage.svc.example.org");
    assertThat(j.getArray("desired"))
        .containsExactly(
            "glusterfs-0.glusterfs.storage.svc.example.org",
            "glusterfs-1.glusterfs.storage.svc.example.org");
  }

  @Test
  void desiredSplitsOnCommasAndRepeats() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp1-3-nodes.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            "glusterfs-0",
            "--desired",
            "glusterfs-1,glusterfs-2",
            "--output",
            "json");

    assertThat(json(r).getArray("desired")).hasSize(3);
  }

  // ---- standard input

  @Test
  void aDashReadsStandardInput() throws Exception {
    byte[] paste = Files.readAllBytes(Cli.fixture("seed-exp1-3-nodes.txt"));
    Cli.Run r =
        Cli.runWithStdin(
            paste,
            "status",
            "--peer-status-file",
            "-",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2, 3),
            "--output",
            "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonObject j = json(r);
    assertThat(j.getArray("peers")).hasSize(2);
    assertThat(actions(j)).containsExactly(tuple("probe", "glusterfs-3" + F, "MISSING_MEMBER"));
  }

  @Test
  void aDashReadsXmlFromStandardInputToo() throws Exception {
    byte[] paste = Files.readAllBytes(Cli.fixture("peer-status-2-peers.xml"));
    Cli.Run r = Cli.runWithStdin(paste, "plan", "--peer-status-file", "-", "--output", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(json(r).getArray("peers")).hasSize(2);
  }

  // ---- text output

  @Test
  void theTableShowsSelfDesiredPeersAndPlan() {
    Cli.Run r =
        offline(
            "status",
            "seed-exp1-3-nodes.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2, 3));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.outLines();
    assertThat(lines.get(0))
        .isEqualTo("self:     glusterfs-0 (glusterfs-0" + F + ", ordinal 0, uuid ?)");
    assertThat(lines.get(1))
        .isEqualTo("desired:  4 from static: glusterfs-0, glusterfs-1, glusterfs-2, glusterfs-3");
    assertThat(lines.get(2)).isEqualTo("peers:    2");
    assertThat(lines.get(3)).containsSubsequence("HOSTNAME", "UUID", "STATE", "BRICKS", "DESIRED");
    assertThat(lines.get(4))
        .containsSubsequence(
            "glusterfs-1" + F,
            S1,
            "Peer in Cluster (Connected)",
            "unknown: surplus, not detached: a pasted peer status does not say whether it hosts"
                + " bricks",
            "yes");
    assertThat(lines).contains("plan:");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("  probe glusterfs-3" + F + ": desired member is not in the pool"));
  }

  @Test
  void planPrintsOneLinePerActionThenTheFindings() {
    Cli.Run r =
        offline(
            "plan",
            "seed-exp1-3-nodes.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2, 3, 4));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.outLines())
        .containsExactly(
            "probe glusterfs-3"
                + F
                + ": desired member is not in the pool; this pod coordinates the pool (ordinal 3)",
            "probe glusterfs-4"
                + F
                + ": desired member is not in the pool; this pod coordinates the pool (ordinal 4)");
  }

  @Test
  void planSaysNoActionWhenHealthy() {
    Cli.Run r =
        offline(
            "plan",
            "seed-exp1-3-nodes.txt",
            "--self",
            "glusterfs-0",
            "--desired",
            desired(0, 1, 2));

    assertThat(r.outLines())
        .containsExactly(
            "no action",
            "INFO pool matches the desired members",
            "    see: docs/troubleshooting.md#find-your-situation");
  }

  /** One UUID for two peers (#8 of issue 11): the list is Unknown, never planned from. */
  @Test
  void aListThatGivesOneUuidToTwoPeersCannotBeSeen(@TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("peer-status.txt");
    Files.writeString(f, Files.readString(Cli.fixture("peer-status-2-peers.txt")).replace(U2, U1));

    Cli.Run r =
        Cli.run(
            List.of(
                "plan",
                "--peer-status-file",
                f.toString(),
                "--self",
                "glusterfs-0",
                "--desired",
                desired(0, 1)));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_SEE);
    assertThat(r.outLines())
        .containsExactly(
            "no action",
            "ERROR the local pool could not be read (inconsistent peer list: UUID "
                + U1
                + " is listed for glusterfs-1"
                + F
                + " and glusterfs-2"
                + F
                + ")",
            "    see: docs/troubleshooting.md#glusterd-is-hung");
  }

  /** A peer named {@code ..} or {@code ...} (#11 of issue 11) was an index error, exit 70. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"..", "..."})
  void aPeerNamedDotsIsBadInput(String name, @TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("peer-status.txt");
    Files.writeString(
        f,
        Files.readString(Cli.fixture("peer-status-2-peers.txt"))
            .replace("glusterfs-1.glusterfs.default.svc.cluster.local", name));

    Cli.Run r = Cli.run(List.of("status", "--peer-status-file", f.toString()));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .as(r.toString())
        .startsWith("ERROR " + f + ": not a usable gluster peer status output: ")
        .contains("not a host name: '" + name + "'");
    assertThat(r.out()).isEmpty();
  }
}
