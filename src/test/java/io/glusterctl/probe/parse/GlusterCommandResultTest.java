package io.glusterctl.probe.parse;

import static io.glusterctl.probe.parse.Fixtures.F1;
import static io.glusterctl.probe.parse.GlusterCommandResult.NothingToDo.ALREADY_IN_PEER_LIST;
import static io.glusterctl.probe.parse.GlusterCommandResult.NothingToDo.PROBE_OF_LOCALHOST;
import static io.glusterctl.probe.parse.GlusterCommandResult.Operation.DETACH;
import static io.glusterctl.probe.parse.GlusterCommandResult.Operation.PROBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glusterctl.probe.parse.GlusterCommandResult.Done;
import io.glusterctl.probe.parse.GlusterCommandResult.NotNeeded;
import io.glusterctl.probe.parse.GlusterCommandResult.Operation;
import io.glusterctl.probe.parse.GlusterCommandResult.Refused;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GlusterCommandResultTest {
  private static final String NOT_CONNECTED =
      "Probe returned with Transport endpoint is not connected";
  private static final String HOSTS_BRICKS =
      "Peer "
          + F1
          + " hosts one or more bricks. If the peer is in not recoverable state then use either"
          + " replace-brick or remove-brick command with force to remove all bricks from the"
          + " peer and attempt the peer detach again.";

  static Stream<Arguments> xmlFixtures() {
    return Stream.of(
        Arguments.of(PROBE, "peer-probe-success.xml", new Done("success")),
        Arguments.of(PROBE, "peer-probe-second-name-short.xml", new Done("success")),
        Arguments.of(
            PROBE,
            "peer-probe-localhost.xml",
            new NotNeeded(PROBE_OF_LOCALHOST, "Probe on localhost not needed")),
        Arguments.of(
            PROBE,
            "peer-probe-self-fqdn.xml",
            new NotNeeded(PROBE_OF_LOCALHOST, "Probe on localhost not needed")),
        Arguments.of(
            PROBE,
            "peer-probe-already-in-pool.xml",
            new NotNeeded(ALREADY_IN_PEER_LIST, "Host " + F1 + " port 24007 already in peer list")),
        Arguments.of(
            PROBE, "peer-probe-unreachable.xml", new Refused(NOT_CONNECTED, OptionalInt.of(107))),
        Arguments.of(
            PROBE, "peer-probe-unresolvable.xml", new Refused(NOT_CONNECTED, OptionalInt.of(107))),
        Arguments.of(
            DETACH,
            "peer-detach-not-a-peer.xml",
            new Refused(F1 + " is not part of cluster", OptionalInt.of(2))),
        Arguments.of(
            DETACH, "peer-detach-brick-host.xml", new Refused(HOSTS_BRICKS, OptionalInt.of(3))),
        Arguments.of(
            DETACH,
            "peer-detach-brick-host-force.xml",
            new Refused(HOSTS_BRICKS, OptionalInt.of(3))));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("xmlFixtures")
  void readsEveryXmlAnswer(Operation op, String fixture, GlusterCommandResult expected)
      throws Exception {
    assertThat(GlusterCommandResult.fromXml(op, Fixtures.read(fixture))).isEqualTo(expected);
  }

  /** The text answers, with the exit code capture.sh recorded (test-fixtures/README.md). */
  static Stream<Arguments> textFixtures() {
    return Stream.of(
        Arguments.of(PROBE, "peer-probe-success.txt", 0, new Done("success")),
        Arguments.of(PROBE, "peer-probe-second-name-upper.txt", 0, new Done("success")),
        Arguments.of(
            PROBE,
            "peer-probe-localhost.txt",
            0,
            new NotNeeded(PROBE_OF_LOCALHOST, "Probe on localhost not needed")),
        Arguments.of(
            PROBE,
            "peer-probe-self-fqdn.txt",
            0,
            new NotNeeded(PROBE_OF_LOCALHOST, "Probe on localhost not needed")),
        Arguments.of(
            PROBE,
            "peer-probe-already-in-pool.txt",
            0,
            new NotNeeded(ALREADY_IN_PEER_LIST, "Host " + F1 + " port 24007 already in peer list")),
        Arguments.of(
            PROBE,
            "peer-probe-unreachable.txt",
            1,
            new Refused(NOT_CONNECTED, OptionalInt.empty())),
        Arguments.of(
            PROBE,
            "peer-probe-unresolvable.txt",
            1,
            new Refused(NOT_CONNECTED, OptionalInt.empty())),
        Arguments.of(
            DETACH,
            "peer-detach-not-a-peer.txt",
            1,
            new Refused(F1 + " is not part of cluster", OptionalInt.empty())),
        Arguments.of(
            DETACH,
            "peer-detach-brick-host.txt",
            255,
            new Refused(HOSTS_BRICKS, OptionalInt.empty())));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("textFixtures")
  void readsEveryTextAnswer(Operation op, String fixture, int exit, GlusterCommandResult expected)
      throws Exception {
    String stdout = Fixtures.read(fixture);
    String stderr = Fixtures.stderr(fixture).orElse("");

    assertThat(GlusterCommandResult.fromText(op, stdout, stderr, exit)).isEqualTo(expected);
  }

  @Test
  void aMutatingOpThroughRemoteHostPrintsNothingAndIsNotReadAsAnything() {
    for (String fixture :
        new String[] {
          "remote-host-peer-probe.txt", "remote-host-peer-probe.xml",
          "remote-host-peer-detach.txt", "remote-host-peer-detach.xml"
        }) {
      String stdout = Fixtures.read(fixture);
      assertThat(stdout).as(fixture).isEmpty();
      assertThat(Fixtures.stderr(fixture)).as(fixture).isEmpty();
      assertThatThrownBy(() -> GlusterCommandResult.fromXml(PROBE, stdout))
          .isInstanceOf(ParseException.class);
      assertThatThrownBy(() -> GlusterCommandResult.fromText(PROBE, stdout, "", 1))
          .isInstanceOf(ParseException.class);
    }
  }

  @Test
  void glusterdNotRunningIsUnreachableEvenWithXml() {
    assertThatThrownBy(
            () ->
                GlusterCommandResult.fromXml(
                    PROBE, Fixtures.read("connection-failed-peer-probe.xml")))
        .isInstanceOfSatisfying(
            GlusterOpFailed.class, e -> assertThat(e.glusterdUnreachable()).isTrue());
    assertThatThrownBy(
            () -> GlusterCommandResult.fromText(DETACH, GlusterOpFailed.REQUEST_TIMED_OUT, "", 1))
        .isInstanceOfSatisfying(
            GlusterOpFailed.class, e -> assertThat(e.glusterdUnreachable()).isTrue());
  }

  @Test
  void aSuccessWithAnUnknownMessageOrAMismatchedExitCodeIsNotTrusted() {
    assertThatThrownBy(() -> GlusterCommandResult.fromText(PROBE, "peer probe: success\n", "", 1))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> GlusterCommandResult.fromText(PROBE, "peer detach: success\n", "", 0))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(
            () ->
                GlusterCommandResult.fromXml(
                    PROBE,
                    "<cliOutput><opRet>0</opRet><opErrno>0</opErrno><output>maybe</output>"
                        + "</cliOutput>"))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(
            () ->
                GlusterCommandResult.fromXml(
                    DETACH,
                    "<cliOutput><opRet>0</opRet><opErrno>1</opErrno><output>x</output>"
                        + "</cliOutput>"))
        .isInstanceOf(ParseException.class);
  }
}
