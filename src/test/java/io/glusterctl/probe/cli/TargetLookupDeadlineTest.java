package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.verdict.ExitCodes;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The TCP check of a member's glusterd port looks the member's name up through the system resolver
 * first. With a DNS server that never answers address questions, that lookup took the resolver's
 * own timeouts (11 s under {@code --deadline 6s} in the review). The program runs as a process in a
 * mount namespace of its own ({@code unshare --mount}, gone when it exits) whose {@code
 * /etc/resolv.conf} names a DNS server on loopback, run by this test: it answers the SRV question
 * (pods 0 and 1 of the Service) and never answers an address question. Pod 0 is alone and checks
 * pod 1's port before it would probe it: the run must end within its deadline, pod 1 counting as
 * not answering.
 */
class TargetLookupDeadlineTest {
  private static final String DOMAIN = "default.svc.cluster.local";
  private static final String SRV = "_glusterd._tcp.glusterfs." + DOMAIN + ".";
  private static final Duration DEADLINE = Duration.ofSeconds(6);

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private DatagramSocket socket;
  private Thread server;
  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void aDnsServerThatAnswersOnlySrv() throws IOException {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "skipped: a DNS server on port 53 and a mount namespace need root");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare");
    // an address of 127/8 nobody else uses: the system resolver asks port 53
    InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 77, 53});
    try {
      socket = new DatagramSocket(new InetSocketAddress(address, 53));
    } catch (SocketException e) {
      Assumptions.abort("cannot listen on " + address + ":53: " + e.getMessage());
    }
    server = new Thread(this::serve, "silent-dns");
    server.setDaemon(true);
    server.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (socket != null) {
      socket.close();
      server.join(2000);
    }
  }

  private void serve() {
    byte[] buf = new byte[1500];
    while (!socket.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.receive(p);
        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
        Record question = q.getQuestion();
        if (question.getType() != Type.SRV) {
          unanswered.add(Type.string(question.getType()) + " " + question.getName());
          continue;
        }
        Message a = new Message(q.getHeader().getID());
        a.getHeader().setFlag(Flags.QR);
        a.getHeader().setFlag(Flags.AA);
        a.addRecord(question, Section.QUESTION);
        for (int i = 0; i < 2; i++) {
          a.addRecord(
              new SRVRecord(
                  question.getName(),
                  DClass.IN,
                  30,
                  0,
                  50,
                  24007,
                  Name.fromString("glusterfs-" + i + ".glusterfs." + DOMAIN + ".")),
              Section.ANSWER);
        }
        byte[] wire = a.toWire();
        socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
      } catch (IOException e) {
        // closed at the end of the test, or a packet that is no DNS message
      }
    }
  }

  @Test
  void aLookupThatNeverGetsAnAnswerEndsWithTheRun() throws Exception {
    Path resolv =
        Files.writeString(
            tmp.resolve("resolv.conf"), "nameserver 127.0.77.53\noptions timeout:30 attempts:1\n");
    Path stateDir = Files.createDirectory(tmp.resolve("state"));
    Path glusterdDir = Files.createDirectory(tmp.resolve("glusterd"));
    FakeGluster gluster = FakeGluster.write(tmp, FakeGluster.cat("peer-status-0-peers.xml"));
    List<String> inOwnMountNamespace =
        List.of(
            "/usr/bin/unshare",
            "--mount",
            "sh",
            "-c",
            "mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"",
            resolv.toString());

    ProgramProcess.Result r =
        ProgramProcess.run(
            Duration.ofSeconds(90),
            inOwnMountNamespace,
            List.of(
                "liveness",
                "--gluster",
                gluster.script.toString(),
                "--state-dir",
                stateDir.toString(),
                "--glusterd-dir",
                glusterdDir.toString(),
                "--members-from",
                "dns",
                "--dns-server",
                "127.0.77.53",
                "--resolv-conf",
                resolv.toString(),
                "--pod-name",
                "glusterfs-0",
                "--namespace",
                "default",
                "--cluster-domain",
                "cluster.local",
                "--deadline",
                DEADLINE.toSeconds() + "s"));

    assertThat(unanswered)
        .as("the system resolver asked the silent server for pod 1: %s", r)
        .anyMatch(q -> q.endsWith(" glusterfs-1.glusterfs." + DOMAIN + "."));
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
    // the deadline counts from the process start; a second for the JVM to exit and be reaped
    assertThat(r.took()).as(r.toString()).isLessThan(DEADLINE.plusSeconds(1));
  }
}
