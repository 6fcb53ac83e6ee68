package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.CommandResult;
import io.glusterctl.probe.exec.CommandRunner;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.gluster.CliGlusterClient;
import io.glusterctl.probe.gluster.GlusterClient;
import io.glusterctl.probe.model.Action;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Memory;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.Self;
import io.glusterctl.probe.observe.Observation;
import io.glusterctl.probe.plan.Planner;
import io.glusterctl.probe.plan.PlannerSettings;
import io.glusterctl.probe.repair.RepairLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The gluster client and the planner together, behind a {@link CommandRunner} that answers every
 * gluster call with generated garbage: random text and bytes, captured XML cut short, failed
 * operations ({@code opRet} != 0), the CLI's connection and timeout errors, killed calls, calls
 * that never started, answers of another kind. Two properties:
 *
 * <ol>
 *   <li>garbage from every call: the plan has no action at all, and no {@code peer probe} or {@code
 *       peer detach} ever reaches the runner;
 *   <li>a real local {@code peer status} that tempts an action which needs one more observation (a
 *       surplus peer: bricks; a rejected or stuck pod: the other members' views; a pod alone: the
 *       others' peer counts), and garbage for that observation: still no action.
 * </ol>
 */
class GarbageGlusterOutputPropertiesTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(2));
  private static final Path FIXTURES = Path.of("test-fixtures");
  private static final Path WITH_INFO;
  private static final Path WITHOUT_INFO;

  static {
    try {
      Path root = Files.createTempDirectory("garbage-gluster");
      root.toFile().deleteOnExit();
      WITH_INFO = Files.createDirectories(root.resolve("with-info"));
      WITHOUT_INFO = Files.createDirectories(root.resolve("without-info"));
      // pod 1's UUID (see uuid(1)); the tests with another self use WITHOUT_INFO or accept either
      Files.writeString(
          WITH_INFO.resolve("glusterd.info"), "UUID=" + uuid(1) + "\noperating-version=100000\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- the fake gluster CLI

  /** What one gluster call is, from its argv. */
  enum Call {
    LOCAL_PEER_STATUS,
    REMOTE_PEER_STATUS,
    LOCAL_POOL_LIST,
    REMOTE_POOL_LIST,
    VOLUME_INFO,
    CHANGE;

    static Call of(List<String> argv) {
      boolean remote = argv.stream().anyMatch(a -> a.startsWith("--remote-host="));
      String all = String.join(" ", argv);
      if (all.endsWith("peer status")) {
        return remote ? REMOTE_PEER_STATUS : LOCAL_PEER_STATUS;
      }
      if (all.endsWith("pool list")) {
        return remote ? REMOTE_POOL_LIST : LOCAL_POOL_LIST;
      }
      if (all.endsWith("volume info")) {
        return VOLUME_INFO;
      }
      return CHANGE;
    }
  }

  /** One answer of the fake CLI. */
  record Reply(
      String what,
      int exitCode,
      String stdout,
      String stderr,
      boolean timedOut,
      boolean truncated,
      boolean started) {
    CommandResult result() {
      if (!started) {
        return CommandResult.notStarted(
            "cannot run gluster: No such file or directory", Duration.ZERO);
      }
      return new CommandResult(
          exitCode, stdout, stderr, timedOut, Duration.ofMillis(5), truncated, "");
    }

    @Override
    public String toString() {
      String s = stdout.length() > 60 ? stdout.substring(0, 60) + "..." : stdout;
      return what
          + "(exit "
          + exitCode
          + (timedOut ? ", timed out" : "")
          + (truncated ? ", truncated" : "")
          + "): "
          + s.replace("\n", "\\n");
    }
  }

  /** Answers calls from a script: the real local peer status when given, garbage for the rest. */
  static final class ScriptedRunner implements CommandRunner {
    private final String localPeerStatus;
    private final List<Reply> garbage;
    private final List<List<String>> calls = new ArrayList<>();
    private int next;

    ScriptedRunner(String localPeerStatus, List<Reply> garbage) {
      this.localPeerStatus = localPeerStatus;
      this.garbage = garbage;
    }

    @Override
    public synchronized CommandResult run(List<String> argv, Duration timeout) {
      calls.add(List.copyOf(argv));
      assertThat(argv.get(0)).isEqualTo("gluster");
      assertThat(argv).contains("--mode=script", "--xml");
      if (Call.of(argv) == Call.LOCAL_PEER_STATUS && localPeerStatus != null) {
        return new CommandResult(0, localPeerStatus, "", false, Duration.ofMillis(5));
      }
      return garbage.get(next++ % garbage.size()).result();
    }

    synchronized List<String> changes() {
      return calls.stream()
          .filter(a -> Call.of(a) == Call.CHANGE)
          .map(a -> String.join(" ", a))
          .toList();
    }
  }

  // ---------------------------------------------------------------- generated garbage

  private static final List<String> XML_FIXTURES = fixtures(".xml");

  private static List<String> fixtures(String suffix) {
    try (Stream<Path> s = Files.list(FIXTURES)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fixture(String name) {
    try {
      return Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every kind of answer that is not a usable answer. */
  @Provide
  Arbitrary<Reply> garbage() {
    Arbitrary<Integer> anyExit = Arbitraries.of(0, 0, 0, 1, 2, 255, 254, -1);
    Arbitrary<Reply> text =
        Combinators.combine(Arbitraries.strings().ofMaxLength(400), anyExit)
            .as((s, e) -> new Reply("text", e, s, "", false, false, true));
    Arbitrary<Reply> bytes =
        Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(600), anyExit)
            .as(
                (b, e) ->
                    new Reply(
                        "bytes",
                        e,
                        new String(b, StandardCharsets.ISO_8859_1),
                        "",
                        false,
                        false,
                        true));
    Arbitrary<Reply> cut =
        Arbitraries.of(XML_FIXTURES)
            .flatMap(
                name -> {
                  String full = fixture(name);
                  int end = full.lastIndexOf("</cliOutput>");
                  return Combinators.combine(
                          Arbitraries.integers().between(0, Math.max(0, end - 1)),
                          Arbitraries.of(true, false))
                      .as(
                          (at, flagged) ->
                              new Reply(
                                  "cut " + name + "@" + at,
                                  0,
                                  full.substring(0, at),
                                  "",
                                  false,
                                  flagged,
                                  true));
                });
    Arbitrary<Reply> failedOp =
        Combinators.combine(Arbitraries.of(XML_FIXTURES), Arbitraries.of(-1, -22, 1, 2))
            .as(
                (name, ret) ->
                    new Reply(
                        "opRet " + ret + " " + name,
                        0,
                        fixture(name)
                            .replace("<opRet>0</opRet>", "<opRet>" + ret + "</opRet>")
                            .replace("<opRet>-22</opRet>", "<opRet>" + ret + "</opRet>"),
                        "",
                        false,
                        false,
                        true));
    Arbitrary<Reply> cliErrors =
        Arbitraries.of(
            new Reply(
                "connection failed",
                1,
                "",
                "Connection failed. Please check if gluster daemon is operational.\n",
                false,
                false,
                true),
            new Reply(
                "connection failed on stdout",
                1,
                "Connection failed. Please check if gluster daemon is operational.\n",
                "",
                false,
                false,
                true),
            new Reply(
                "request timed out", 1, "Error : Request timed out\n", "", false, false, true),
            new Reply("peer status failed", 1, "", "peer status: failed\n", false, false, true),
            new Reply("bad timeout option", 254, "", "", false, false, true),
            new Reply("empty", 0, "", "", false, false, true),
            new Reply("whitespace", 0, "\n \n", "", false, false, true),
            new Reply("not started", 127, "", "", false, false, false));
    Arbitrary<Reply> killed =
        Arbitraries.of(XML_FIXTURES)
            .flatMap(
                name -> {
                  String full = fixture(name);
                  return Arbitraries.integers()
                      .between(0, full.length())
                      .map(
                          at ->
                              new Reply(
                                  "killed " + name + "@" + at,
                                  CommandResult.KILLED,
                                  full.substring(0, at),
                                  "",
                                  true,
                                  false,
                                  true));
                });
    Arbitrary<Reply> wholeButFailed =
        Arbitraries.of(XML_FIXTURES)
            .flatMap(
                name ->
                    Arbitraries.of(1, 2, 255)
                        .map(
                            e ->
                                new Reply(
                                    "exit " + e + " " + name,
                                    e,
                                    fixture(name),
                                    "",
                                    false,
                                    false,
                                    true)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, text),
        net.jqwik.api.Tuple.of(2, bytes),
        net.jqwik.api.Tuple.of(4, cut),
        net.jqwik.api.Tuple.of(3, failedOp),
        net.jqwik.api.Tuple.of(2, cliErrors),
        net.jqwik.api.Tuple.of(2, killed),
        net.jqwik.api.Tuple.of(1, wholeButFailed));
  }

  @Provide
  Arbitrary<List<Reply>> garbageSequences() {
    return garbage().list().ofMinSize(1).ofMaxSize(12);
  }

  // ---------------------------------------------------------------- pods, members, pools

  static String fqdn(int o) {
    return "glusterfs-" + o + ".glusterfs.default.svc.cluster.local";
  }

  static String uuid(int o) {
    return String.format("00000000-0000-4000-8000-%012d", o);
  }

  static Self pod(int o) {
    return new Self("glusterfs-" + o, "default", "glusterfs", "cluster.local");
  }

  static DesiredMembers api(int replicas) {
    return new DesiredMembers(
        DesiredMembers.Source.API,
        OptionalInt.of(replicas),
        IntStream.range(0, replicas).mapToObj(o -> new Member(o, fqdn(o))).toList());
  }

  static DesiredMembers dns(int... ordinals) {
    return new DesiredMembers(
        DesiredMembers.Source.DNS,
        OptionalInt.empty(),
        IntStream.of(ordinals).mapToObj(o -> new Member(o, fqdn(o))).toList());
  }

  /** A peer as glusterd 10.3 prints it in {@code peer status --xml}. */
  record P(int ordinal, PeerState state, boolean connected) {}

  static String peerStatusXml(List<P> peers) {
    StringBuilder b =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<cliOutput>\n  <opRet>0</opRet>\n  <opErrno>0</opErrno>\n  <opErrstr/>\n");
    if (peers.isEmpty()) {
      b.append("  <peerStatus/>\n");
    } else {
      b.append("  <peerStatus>\n");
      for (P p : peers) {
        b.append("    <peer>\n      <uuid>")
            .append(uuid(p.ordinal()))
            .append("</uuid>\n")
            .append("      <hostname>")
            .append(fqdn(p.ordinal()))
            .append("</hostname>\n")
            .append("      <hostnames>\n        <hostname>")
            .append(fqdn(p.ordinal()))
            .append("</hostname>\n      </hostnames>\n")
            .append("      <connected>")
            .append(p.connected() ? 1 : 0)
            .append("</connected>\n")
            .append("      <state>")
            .append(p.state().code())
            .append("</state>\n")
            .append("      <stateStr>")
            .append(p.state().text())
            .append("</stateStr>\n    </peer>\n");
      }
      b.append("  </peerStatus>\n");
    }
    return b.append("</cliOutput>\n").toString();
  }

  /** Memory that would let every timer-gated action through at once (long past every grace). */
  static Memory everyTimerExpired(List<P> peers) {
    Map<String, Instant> since = new HashMap<>();
    peers.forEach(p -> since.put(uuid(p.ordinal()), LONG_AGO));
    return new Memory(since, since, since);
  }

  /** A world that tempts an action, if only one more observation said yes. */
  record Tempting(
      String story,
      int self,
      Path glusterdDir,
      DesiredMembers desired,
      List<P> peers,
      Memory memory) {
    @Override
    public String toString() {
      return story
          + ": pod "
          + self
          + ", desired "
          + desired.members().size()
          + " ("
          + desired.source()
          + "), peers "
          + peers;
    }
  }

  @Provide
  Arbitrary<Tempting> temptingWorlds() {
    // a surplus peer (API): pod 0 coordinates; ordinals >= replicas would be detached if the
    // bricks were known
    Arbitrary<Tempting> surplusApi =
        Combinators.combine(
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3))
            .as(
                (replicas, extra) -> {
                  List<P> peers =
                      IntStream.range(1, replicas + extra)
                          .mapToObj(o -> new P(o, PeerState.PEER_IN_CLUSTER, true))
                          .toList();
                  return new Tempting(
                      "surplus by replicas", 0, WITHOUT_INFO, api(replicas), peers, Memory.EMPTY);
                });
    // a surplus peer (DNS): absent from DNS and disconnected long past the grace
    Arbitrary<Tempting> surplusDns =
        Combinators.combine(
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 2))
            .as(
                (replicas, extra) -> {
                  List<P> peers = new ArrayList<>();
                  IntStream.range(1, replicas)
                      .forEach(o -> peers.add(new P(o, PeerState.PEER_IN_CLUSTER, true)));
                  IntStream.range(replicas, replicas + extra)
                      .forEach(o -> peers.add(new P(o, PeerState.PEER_IN_CLUSTER, false)));
                  return new Tempting(
                      "surplus by DNS",
                      0,
                      WITHOUT_INFO,
                      dns(IntStream.range(0, replicas).toArray()),
                      peers,
                      everyTimerExpired(peers));
                });
    // this pod sees rejected peers: is it the rejected one? only the others' views can say
    Arbitrary<Tempting> rejected =
        Combinators.combine(
                Arbitraries.integers().between(2, 5),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(1, 5))
            .as(
                (replicas, self, rejectedCount) -> {
                  int me = Math.min(self, replicas - 1);
                  List<P> peers = new ArrayList<>();
                  int n = 0;
                  for (int o = 0; o < replicas; o++) {
                    if (o != me) {
                      peers.add(
                          new P(
                              o,
                              n++ < rejectedCount
                                  ? PeerState.PEER_REJECTED
                                  : PeerState.PEER_IN_CLUSTER,
                              true));
                    }
                  }
                  return new Tempting(
                      "rejected peers",
                      me,
                      me == 1 ? WITH_INFO : WITHOUT_INFO,
                      api(replicas),
                      peers,
                      Memory.EMPTY);
                });
    // a handshake stuck long past the grace: the stuck peer's view decides
    Arbitrary<Tempting> stuck =
        Combinators.combine(
                Arbitraries.integers().between(2, 4),
                Arbitraries.of(
                    PeerState.SENT_AND_RECEIVED_PEER_REQUEST, PeerState.ACCEPTED_PEER_REQUEST))
            .as(
                (replicas, state) -> {
                  List<P> peers = new ArrayList<>();
                  for (int o = 0; o < replicas; o++) {
                    if (o != 1) {
                      peers.add(new P(o, o == 0 ? state : PeerState.PEER_IN_CLUSTER, true));
                    }
                  }
                  return new Tempting(
                      "stuck handshake",
                      1,
                      WITH_INFO,
                      api(replicas),
                      peers,
                      everyTimerExpired(peers));
                });
    // alone: pod 0 would form the pool with members that are alone too, if it knew their peer
    // counts
    Arbitrary<Tempting> alone =
        Arbitraries.integers()
            .between(2, 5)
            .map(
                replicas ->
                    new Tempting("alone", 0, WITHOUT_INFO, api(replicas), List.of(), Memory.EMPTY));
    return Arbitraries.oneOf(surplusApi, surplusDns, rejected, stuck, alone);
  }

  @Provide
  Arbitrary<Integer> selves() {
    return Arbitraries.integers().between(0, 4);
  }

  @Provide
  Arbitrary<DesiredMembers> desiredSets() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 5).map(GarbageGlusterOutputPropertiesTest::api),
        Arbitraries.integers().between(1, 5).map(n -> dns(IntStream.range(0, n).toArray())));
  }

  // ---------------------------------------------------------------- the properties

  @Property(tries = 1500)
  void garbageFromEveryCallLeadsToNoActionAndNoChange(
      @ForAll("selves") int self,
      @ForAll("desiredSets") DesiredMembers desired,
      @ForAll("garbageSequences") List<Reply> replies,
      @ForAll boolean withInfo) {
    ScriptedRunner runner = new ScriptedRunner(null, replies);
    Reconciler.Pass pass =
        plan(
            runner,
            pod(self),
            withInfo ? WITH_INFO : WITHOUT_INFO,
            desired,
            everyTimerExpired(
                IntStream.range(0, 6)
                    .mapToObj(o -> new P(o, PeerState.PEER_IN_CLUSTER, false))
                    .toList()));

    assertThat(pass.world().pool().isKnown())
        .as("the local pool read from garbage %s", replies)
        .isFalse();
    assertThat(pass.plan().actions()).as("actions from garbage %s", replies).isEmpty();
    act(runner, pass);
    assertThat(runner.changes()).as("changes sent to glusterd").isEmpty();
  }

  @Property(tries = 1500)
  void anActionThatNeedsOneMoreObservationIsNotTakenWhenThatObservationIsGarbage(
      @ForAll("temptingWorlds") Tempting t, @ForAll("garbageSequences") List<Reply> replies) {
    ScriptedRunner runner = new ScriptedRunner(peerStatusXml(t.peers()), replies);
    Reconciler.Pass pass = plan(runner, pod(t.self()), t.glusterdDir(), t.desired(), t.memory());

    assertThat(pass.world().pool().isKnown()).as("the real local view of %s", t).isTrue();
    List<Action> actions = pass.plan().actions();
    assertThat(actions)
        .as("%s with garbage %s; findings %s", t, replies, pass.plan().findings())
        .isEmpty();
    act(runner, pass);
    assertThat(runner.changes()).as("changes sent to glusterd").isEmpty();
  }

  /** One observe-and-plan pass as liveness makes it, through the real client and planner. */
  private static Reconciler.Pass plan(
      ScriptedRunner runner, Self self, Path glusterdDir, DesiredMembers desired, Memory memory) {
    Deadline deadline = Deadline.in(Duration.ofMinutes(5));
    CliGlusterClient gluster =
        new CliGlusterClient("gluster", runner, Duration.ofSeconds(8), deadline, glusterdDir);
    GlusterClient.Liveness l = gluster.localPool();
    Reconciler r = reconciler(gluster, desired);
    return r.observeAndPlan(self, l.pool(), memory);
  }

  private static Reconciler reconciler(GlusterClient gluster, DesiredMembers desired) {
    return new Reconciler(
        new Reconciler.Ports(
            gluster, deadline -> Observation.known(desired, List.of()), host -> true),
        new Planner(PlannerSettings.DEFAULTS),
        Deadline.in(Duration.ofMinutes(5), new ManualTime(NOW)),
        Duration.ofSeconds(8));
  }

  private static void act(ScriptedRunner runner, Reconciler.Pass pass) {
    CliGlusterClient gluster =
        new CliGlusterClient(
            "gluster",
            runner,
            Duration.ofSeconds(8),
            Deadline.in(Duration.ofMinutes(5)),
            WITHOUT_INFO);
    List<Action.Repair> requested = Collections.synchronizedList(new ArrayList<>());
    reconciler(gluster, api(1))
        .act(
            pass.plan(),
            r -> {
              requested.add(r);
              return new RepairRequest(RepairLedger.Decision.REQUESTED, 0, Optional.empty());
            },
            false);
    assertThat(requested).as("repairs requested").isEmpty();
  }
}
