package io.glusterctl.probe.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which failed calls mean "glusterd does not answer" (liveness fails) and which are an answer
 * (glusterd is alive, whatever it said), from the captured outputs of glusterd 10.3: stdout, stderr
 * (the {@code .stderr} file, when the capture has one) and the exit code the capture saw.
 */
class GlusterdUnreachableTest {

  @ParameterizedTest(name = "{0} (exit {2}): unreachable {3}")
  @CsvSource({
    // stdout fixture, stderr fixture (- : none), exit code, glusterd unreachable
    "connection-failed-peer-status.txt, -, 1, true",
    "connection-failed-peer-status.xml, -, 1, true",
    "connection-failed-peer-probe.xml, -, 1, true",
    "timeout-peer-status.txt, -, 1, true",
    "timeout-peer-status.xml, -, 1, true",
    "peer-status-handshake.txt, peer-status-handshake.txt.stderr, 1, false",
    "pool-list-handshake.txt, pool-list-handshake.txt.stderr, 1, false",
    "peer-probe-unreachable.txt, peer-probe-unreachable.txt.stderr, 1, false",
    "peer-detach-brick-host.txt, peer-detach-brick-host.txt.stderr, 255, false",
    "peer-status-2-peers.xml, -, 0, false",
    "peer-status-handshake.xml, -, 0, false",
    // the same words with exit 0 are not a failure
    "connection-failed-peer-status.txt, -, 0, false"
  })
  void aFailedCallIsUnreachableOnlyWhenTheCliSaysGlusterdDidNotAnswer(
      String stdout, String stderr, int exit, boolean unreachable) {
    String err = stderr.equals("-") ? "" : Fixtures.read(stderr);

    assertThat(GlusterdUnreachable.saidBy(exit, Fixtures.read(stdout), err)).isEqualTo(unreachable);
  }
}
