package io.glusterctl.probe.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.exec.Deadline;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The check of a member's glusterd port, with the name lookup behind its port: a real listener on
 * loopback, and lookups that fail or never end. The system resolver against a DNS server that never
 * answers is {@code TargetLookupDeadlineTest} (the program as a process).
 */
class TcpTargetProberTest {
  private static final String HOST = "glusterfs-1.glusterfs.default.svc.cluster.local";

  @Test
  void aListeningPortAnswers() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TcpTargetProber prober =
          new TcpTargetProber(
              listener.getLocalPort(),
              Duration.ofSeconds(2),
              Deadline.in(Duration.ofSeconds(30)),
              host -> InetAddress.getLoopbackAddress());

      assertThat(prober.answers(HOST)).isTrue();
    }
  }

  @Test
  void aNameWithoutAnAddressDoesNotAnswer() {
    TcpTargetProber prober =
        new TcpTargetProber(
            24007,
            Duration.ofSeconds(2),
            Deadline.in(Duration.ofSeconds(30)),
            host -> {
              throw new UnknownHostException(host);
            });

    assertThat(prober.answers(HOST)).isFalse();
  }

  @Test
  void aLookupThatNeverEndsIsGivenUpBeforeTheRunsDeadline() {
    CountDownLatch never = new CountDownLatch(1);
    Deadline deadline = Deadline.in(Deadline.SAFETY_MARGIN.plusMillis(500));
    TcpTargetProber prober =
        new TcpTargetProber(
            24007,
            Duration.ofSeconds(2),
            deadline,
            host -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return InetAddress.getLoopbackAddress();
            });

    boolean answers = prober.answers(HOST);

    assertThat(answers).isFalse();
    assertThat(deadline.expired()).as("given up before the deadline").isFalse();
    never.countDown();
  }

  @Test
  void noTimeLeftMeansNoLookupAtAll() {
    TcpTargetProber prober =
        new TcpTargetProber(
            24007,
            Duration.ofSeconds(2),
            Deadline.in(Deadline.SAFETY_MARGIN),
            host -> {
              throw new AssertionError("looked up with no time left");
            });

    assertThat(prober.answers(HOST)).isFalse();
  }
}
