package io.glusterctl.probe.repair;

import static io.glusterctl.probe.repair.GlusterdStateDirTest.INFO;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.ME;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.U1;
import static io.glusterctl.probe.repair.GlusterdStateDirTest.U2;
import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import io.glusterctl.probe.model.RepairKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The rejected-peer repair: when it is confirmed, and what it does to a real directory. */
class RejectedPeerRepairTest {
  static final String D = ".glusterfs.default.svc.cluster.local";
  static final String F0 = "glusterfs-0" + D;
  static final String F1 = "glusterfs-1" + D;
  static final String F2 = "glusterfs-2" + D;

  /** This pod's UUID before it lost its PV. */
  static final String OLD = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  Path dir;
  Path backups;
  GlusterdStateDir state;
  RepairExecutor repair;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createDirectory(tmp.resolve("glusterd"));
    backups = tmp.resolve("state").resolve("backups");
    GlusterdStateDirTest.populate(dir);
    state = new GlusterdStateDir(dir, backups);
    repair = new RepairExecutor(state, 5);
  }

  static Peer peer(String uuid, String host, PeerState s) {
    return Peer.of(uuid, host, s, true);
  }

  /** glusterfs-1's view: this pod (as the given peer) and a healthy glusterfs-2. */
  static PoolView refView(Peer me) {
    return PoolView.of(List.of(me, peer(U2, F2, PeerState.PEER_IN_CLUSTER)));
  }

  /**
   * glusterfs-1's pool list: itself (as the reference's name), this pod under a UUID, glusterfs-2.
   */
  static List<PoolMember> poolList(String myUuidThere) {
    return List.of(new PoolMember(U1, F1), new PoolMember(myUuidThere, F0), new PoolMember(U2, F2));
  }

  // ---- confirmation, a pure table

  static Stream<Arguments> confirmation() {
    Optional<String> me = Optional.of(ME);
    return Stream.of(
        // kind, my uuid, how the reference lists this pod (null: not at all), why not (null:
        // confirmed)
        Arguments.of(RepairKind.DRIFT, me, peer(ME, F0, PeerState.PEER_REJECTED), null),
        Arguments.of(RepairKind.DRIFT, me, peer(ME, F0, PeerState.PEER_IN_CLUSTER), "not rejected"),
        Arguments.of(RepairKind.DRIFT, me, null, "does not list " + F0),
        Arguments.of(RepairKind.DRIFT, me, peer(ME, "10.0.0.7", PeerState.PEER_REJECTED), null),
        Arguments.of(
            RepairKind.DRIFT, me, peer(OLD, "10.0.0.7", PeerState.PEER_REJECTED), "does not list"),
        Arguments.of(RepairKind.AMNESIA, me, peer(ME, F0, PeerState.PEER_REJECTED), null),
        Arguments.of(
            RepairKind.AMNESIA,
            me,
            peer(ME, F0, PeerState.SENT_AND_RECEIVED_PEER_REQUEST),
            "'Sent and Received peer request', not rejected"),
        Arguments.of(
            RepairKind.AMNESIA, Optional.empty(), peer(ME, F0, PeerState.PEER_REJECTED), null),
        Arguments.of(RepairKind.LOST_IDENTITY, me, peer(OLD, F0, PeerState.PEER_IN_CLUSTER), null),
        Arguments.of(RepairKind.LOST_IDENTITY, me, peer(OLD, F0, PeerState.PEER_REJECTED), null),
        Arguments.of(
            RepairKind.LOST_IDENTITY,
            me,
            peer(OLD, F0.toUpperCase(java.util.Locale.ROOT), PeerState.PEER_IN_CLUSTER),
            null),
        Arguments.of(
            RepairKind.LOST_IDENTITY,
            me,
            peer(ME, F0, PeerState.PEER_IN_CLUSTER),
            "under its current UUID " + ME),
        Arguments.of(
            RepairKind.LOST_IDENTITY,
            me,
            peer(ME.toUpperCase(java.util.Locale.ROOT), F0, PeerState.PEER_IN_CLUSTER),
            "current UUID"),
        Arguments.of(
            RepairKind.LOST_IDENTITY,
            Optional.empty(),
            peer(OLD, F0, PeerState.PEER_IN_CLUSTER),
            "current UUID"),
        Arguments.of(RepairKind.LOST_IDENTITY, me, null, "does not list"),
        Arguments.of(RepairKind.STUCK_HANDSHAKE, me, peer(ME, F0, PeerState.PEER_IN_CLUSTER), null),
        Arguments.of(
            RepairKind.STUCK_HANDSHAKE,
            me,
            peer(ME, F0, PeerState.SENT_AND_RECEIVED_PEER_REQUEST),
            "'Sent and Received peer request'"),
        Arguments.of(
            RepairKind.STUCK_HANDSHAKE,
            me,
            peer(ME, F0, PeerState.PEER_REJECTED),
            "'Peer Rejected'"),
        Arguments.of(RepairKind.STUCK_HANDSHAKE, me, null, "does not list"),
        Arguments.of(RepairKind.FORGOTTEN, me, null, null),
        Arguments.of(
            RepairKind.FORGOTTEN, me, peer(ME, F0, PeerState.PEER_IN_CLUSTER), "still lists"));
  }

  @ParameterizedTest(name = "{0} mine={1} listed={2}: {3}")
  @MethodSource("confirmation")
  void confirmation(RepairKind kind, Optional<String> myUuid, Peer listedAs, String whyNot) {
    PoolView view =
        listedAs == null
            ? PoolView.of(List.of(peer(U2, F2, PeerState.PEER_IN_CLUSTER)))
            : refView(listedAs);

    Optional<String> no = RejectedPeerRepair.notConfirmed(kind, F0, myUuid, view);

    if (whyNot == null) {
      assertThat(no).isEmpty();
    } else {
      assertThat(no).hasValueSatisfying(s -> assertThat(s).contains(whyNot));
    }
  }

  @Test
  void theConfirmationTableCoversEveryKind() {
    Set<Object> kinds = confirmation().map(a -> a.get()[0]).collect(Collectors.toSet());
    assertThat(kinds).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(RepairKind.class));
    for (RepairKind k : RepairKind.values()) {
      assertThat(confirmation().filter(a -> a.get()[0] == k).anyMatch(a -> a.get()[3] == null))
          .as("%s has a confirmed row", k)
          .isTrue();
      assertThat(confirmation().filter(a -> a.get()[0] == k).anyMatch(a -> a.get()[3] != null))
          .as("%s has an unconfirmed row", k)
          .isTrue();
    }
  }

  // ---- what run() touches

  @ParameterizedTest
  @EnumSource(RepairKind.class)
  void aDryRunChangesNothing(RepairKind kind) {
    Map<String, String> before = Tree.snapshot(tmp);
    PoolView view =
        kind == RepairKind.FORGOTTEN
            ? PoolView.of(List.of(peer(U2, F2, PeerState.PEER_IN_CLUSTER)))
            : refView(
                switch (kind) {
                  case DRIFT, AMNESIA -> peer(ME, F0, PeerState.PEER_REJECTED);
                  case LOST_IDENTITY -> peer(OLD, F0, PeerState.PEER_IN_CLUSTER);
                  default -> peer(ME, F0, PeerState.PEER_IN_CLUSTER);
                });

    RepairExecutor.Result r =
        repair.dryRun(
            RejectedPeerRepair.plan(
                new RepairCase(
                    kind,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(view),
                        Observed.known(poolList(kind == RepairKind.LOST_IDENTITY ? OLD : ME)),
                        Optional.of(U2)))));

    assertThat(r.status())
        .as(String.join("\n", r.steps()))
        .isEqualTo(RepairExecutor.Status.DRY_RUN);
    assertThat(r.backup()).isEmpty();
    assertThat(r.steps()).anySatisfy(s -> assertThat(s).contains("(dry run)"));
    assertThat(Tree.snapshot(tmp)).isEqualTo(before);
  }

  @Test
  void aDryRunSaysEachPeerFileItWouldWrite() {
    RepairExecutor.Result r =
        repair.dryRun(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.DRIFT,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(refView(peer(ME, F0, PeerState.PEER_REJECTED))),
                        Observed.known(poolList(ME)),
                        Optional.empty()))));

    assertThat(r.steps())
        .contains(
            "5 write peers/" + U1 + " state=3 hostname1=" + F1 + " (dry run)",
            "5 write peers/" + U2 + " state=3 hostname1=" + F2 + " (dry run)")
        .noneMatch(s -> s.contains(ME) && s.startsWith("5 "));
  }

  static Stream<Arguments> unknowns() {
    Observed<PoolView> view = Observed.known(refView(peer(ME, F0, PeerState.PEER_REJECTED)));
    Observed<List<PoolMember>> members = Observed.known(poolList(ME));
    return Stream.of(
        Arguments.of(Observed.unknown("glusterfs-1: timed out after 8.0s"), members, "timed out"),
        Arguments.of(
            view,
            Observed.unknown("glusterfs-1 pool list: exit 1: Connection failed"),
            "Connection failed"),
        Arguments.of(Observed.unknown("a"), Observed.unknown("b"), "a"));
  }

  @ParameterizedTest
  @MethodSource("unknowns")
  void anUnknownReferenceTouchesNothing(
      Observed<PoolView> view, Observed<List<PoolMember>> members, String why) {
    Map<String, String> before = Tree.snapshot(tmp);

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.DRIFT,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(view, members, Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status()).isEqualTo(RepairExecutor.Status.NOT_CONFIRMED);
    assertThat(r.backup()).isEmpty();
    assertThat(r.steps())
        .singleElement()
        .asString()
        .contains("cannot see the reference")
        .contains(why)
        .endsWith("nothing touched");
    assertThat(Tree.snapshot(tmp)).isEqualTo(before);
  }

  @Test
  void anUnconfirmedRepairTouchesNothing() {
    Map<String, String> before = Tree.snapshot(tmp);

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.DRIFT,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(refView(peer(ME, F0, PeerState.PEER_IN_CLUSTER))),
                        Observed.known(poolList(ME)),
                        Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status()).isEqualTo(RepairExecutor.Status.NOT_CONFIRMED);
    assertThat(r.steps())
        .singleElement()
        .asString()
        .contains("not confirmed")
        .contains("not rejected");
    assertThat(Tree.snapshot(tmp)).isEqualTo(before);
  }

  @Test
  void aPoolListWithNoOtherMemberTouchesNothing() {
    Map<String, String> before = Tree.snapshot(tmp);

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.DRIFT,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(refView(peer(ME, F0, PeerState.PEER_REJECTED))),
                        Observed.known(List.of(new PoolMember(ME, F0))),
                        Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status()).isEqualTo(RepairExecutor.Status.NOT_CONFIRMED);
    assertThat(Tree.snapshot(tmp)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(
      value = RepairKind.class,
      names = {"DRIFT", "AMNESIA"})
  void driftAndAmnesiaRebuildPeersAndKeepOnlyGlusterdInfo(RepairKind kind) throws IOException {
    Map<String, String> before = GlusterdStateDirTest.content(dir);

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    kind,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(refView(peer(ME, F0, PeerState.PEER_REJECTED))),
                        Observed.known(poolList(ME)),
                        Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status()).as(String.join("\n", r.steps())).isEqualTo(RepairExecutor.Status.DONE);
    // the glusterd directory: glusterd.info as it was, and peers/ rebuilt from the pool list
    assertThat(GlusterdStateDirTest.content(dir).keySet())
        .containsExactlyInAnyOrder(".", "glusterd.info", "peers", "peers/" + U1, "peers/" + U2);
    assertThat(Tree.read(dir.resolve("glusterd.info"))).isEqualTo(INFO);
    assertThat(Tree.read(dir.resolve("peers").resolve(U1)))
        .isEqualTo("uuid=" + U1 + "\nstate=3\nhostname1=" + F1 + "\n");
    assertThat(Tree.read(dir.resolve("peers").resolve(U2)))
        .isEqualTo("uuid=" + U2 + "\nstate=3\nhostname1=" + F2 + "\n");
    // the backup: everything as it was before
    assertThat(r.backup())
        .hasValueSatisfying(
            b -> {
              assertThat(b.getParent()).isEqualTo(backups);
              assertThat(b.getFileName().toString())
                  .isEqualTo("glusterd-20250601T120000Z-" + kind.label());
              assertThat(GlusterdStateDirTest.content(b)).isEqualTo(before);
            });
    assertThat(r.steps()).anySatisfy(s -> assertThat(s).startsWith("3 backed up to " + backups));
  }

  @Test
  void lostIdentityWritesTheOldUuidBackAndKeepsTheOperatingVersion() throws IOException {
    String newUuid = "12345678-1234-4234-8234-123456789abc";
    Tree.write(dir.resolve("glusterd.info"), "UUID=" + newUuid + "\noperating-version=100000\n");

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.LOST_IDENTITY,
                    F0,
                    Optional.of(newUuid),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(refView(peer(OLD, F0, PeerState.PEER_IN_CLUSTER))),
                        Observed.known(poolList(OLD)),
                        Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status()).as(String.join("\n", r.steps())).isEqualTo(RepairExecutor.Status.DONE);
    assertThat(Tree.read(dir.resolve("glusterd.info")))
        .isEqualTo("UUID=" + OLD + "\noperating-version=100000\n");
    try (Stream<Path> peers = Files.list(dir.resolve("peers"))) {
      assertThat(peers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(U1, U2);
    }
    assertThat(r.backup()).isPresent();
    assertThat(Tree.read(r.backup().get().resolve("glusterd.info"))).contains(newUuid);
  }

  @Test
  void aStuckHandshakeChangesOnlyThatPeersState() throws IOException {
    // populate() left peers/U2 at state=5; glusterfs-2 lists this pod as Peer in Cluster
    Map<String, String> before = Tree.snapshot(dir);
    PoolView view2 =
        PoolView.of(
            List.of(
                peer(ME, F0, PeerState.PEER_IN_CLUSTER), peer(U1, F1, PeerState.PEER_IN_CLUSTER)));
    List<PoolMember> list2 =
        List.of(new PoolMember(U2, F2), new PoolMember(ME, F0), new PoolMember(U1, F1));

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.STUCK_HANDSHAKE,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(view2), Observed.known(list2), Optional.of(U2)))),
            NOW,
            Optional.empty());

    assertThat(r.status()).as(String.join("\n", r.steps())).isEqualTo(RepairExecutor.Status.DONE);
    Map<String, String> after = Tree.snapshot(dir);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    assertThat(
            after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey))
        .containsExactly("peers/" + U2);
    assertThat(Tree.read(dir.resolve("peers").resolve(U2)))
        .isEqualTo("uuid=" + U2 + "\nstate=3\nhostname1=" + F2 + "\nhostname2=glusterfs-2\n");
    assertThat(r.backup()).isPresent();
    assertThat(Tree.read(r.backup().get().resolve("peers").resolve(U2))).contains("state=5");
  }

  @Test
  void aStuckHandshakeWithoutThePeersFileFails() {
    PoolView view2 = PoolView.of(List.of(peer(ME, F0, PeerState.PEER_IN_CLUSTER)));
    List<PoolMember> list2 = List.of(new PoolMember(U2, F2), new PoolMember(ME, F0));
    String missing = "99999999-9999-4999-8999-999999999999";
    Map<String, String> before = Tree.snapshot(dir);

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.STUCK_HANDSHAKE,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(view2), Observed.known(list2), Optional.of(missing)))),
            NOW,
            Optional.empty());

    assertThat(r.status()).isEqualTo(RepairExecutor.Status.FAILED);
    assertThat(Tree.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void aLinkedGlusterdDirectoryFailsAndTouchesNothing() throws IOException {
    Path link = Files.createSymbolicLink(tmp.resolve("glusterd-link"), dir);
    RepairExecutor viaLink = new RepairExecutor(new GlusterdStateDir(link, backups), 5);
    Map<String, String> before = Tree.snapshot(dir);

    RepairExecutor.Result r =
        viaLink.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.DRIFT,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(refView(peer(ME, F0, PeerState.PEER_REJECTED))),
                        Observed.known(poolList(ME)),
                        Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status()).isEqualTo(RepairExecutor.Status.FAILED);
    assertThat(r.backup()).isEmpty();
    assertThat(r.steps()).last().asString().contains("symbolic link");
    assertThat(Tree.snapshot(dir)).isEqualTo(before);
  }

  @Test
  void aRepairKeepsItsOwnBackupWhenOlderOnesLookNewer() throws IOException {
    // backups from a clock that was ahead (or a node whose clock was reset): their names sort after
    // the backup this repair makes
    GlusterdStateDir other = new GlusterdStateDir(dir, backups);
    for (int i = 0; i < 5; i++) {
      other.backup(Instant.parse("2030-01-0" + (i + 1) + "T00:00:00Z"), "drift");
    }

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.DRIFT,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(refView(peer(ME, F0, PeerState.PEER_REJECTED))),
                        Observed.known(poolList(ME)),
                        Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status()).isEqualTo(RepairExecutor.Status.DONE);
    assertThat(r.backup()).hasValueSatisfying(b -> assertThat(b).isDirectory());
    assertThat(Tree.read(r.backup().get().resolve("vols/gv0/info")))
        .isEqualTo("type=2\ncount=3\nstatus=1\n");
    try (Stream<Path> all = Files.list(backups)) {
      assertThat(all.count()).isEqualTo(5);
    }
  }

  @Test
  void aLinkInsideTheGlusterdDirectoryIsRemovedAndItsTargetKept() throws IOException {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Tree.write(outside.resolve("canary.txt"), "alive\n");
    Files.createSymbolicLink(dir.resolve("vols/escape"), outside);

    RepairExecutor.Result r =
        repair.carryOut(
            RejectedPeerRepair.plan(
                new RepairCase(
                    RepairKind.DRIFT,
                    F0,
                    Optional.of(ME),
                    dir,
                    new RepairCase.Reference(
                        Observed.known(refView(peer(ME, F0, PeerState.PEER_REJECTED))),
                        Observed.known(poolList(ME)),
                        Optional.empty()))),
            NOW,
            Optional.empty());

    assertThat(r.status()).isEqualTo(RepairExecutor.Status.DONE);
    assertThat(Files.exists(dir.resolve("vols"))).isFalse();
    assertThat(Tree.read(outside.resolve("canary.txt"))).isEqualTo("alive\n");
    assertThat(Files.isSymbolicLink(r.backup().get().resolve("vols/escape"))).isTrue();
  }
}
