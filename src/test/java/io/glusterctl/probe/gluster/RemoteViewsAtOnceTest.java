package io.glusterctl.probe.gluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.GctTempDir;
import io.glusterctl.probe.exec.CommandResult;
import io.glusterctl.probe.exec.CommandRunner;
import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.exec.ManualTime;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.PoolView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CliGlusterClient#remotePools}: at most {@link CliGlusterClient#VIEWS_AT_ONCE} CLI
 * processes at once, the views in the order of the hosts asked whatever order the calls end in, no
 * call started after {@code startBy}, and no thread left behind. The runner is a fake that records
 * what runs at the same time; the CLI's answer is a listing captured from glusterd.
 */
class RemoteViewsAtOnceTest {
  private static final Path LISTING = Path.of("test-fixtures/peer-status-2-peers.xml");

  @TempDir(factory = GctTempDir.class)
  Path tmp;

  private String listing;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();
  private final List<String> started = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void readListing() throws IOException {
    listing = Files.readString(LISTING, StandardCharsets.UTF_8);
  }

  private static List<String> hosts(int n) {
    return IntStream.range(0, n).mapToObj(o -> "glusterfs-" + o + ".glusterfs").toList();
  }

  private static String remoteHost(List<String> argv) {
    return argv.stream()
        .filter(a -> a.startsWith("--remote-host="))
        .map(a -> a.substring("--remote-host=".length()))
        .findFirst()
        .orElseThrow();
  }

  /**
   * A CLI whose call of host {@code o} takes longer the lower {@code o} is (so calls end out of
   * order), and that cannot connect to the hosts with an odd number.
   */
  private CommandRunner cli(int hosts, Runnable whileRunning) {
    return (argv, timeout) -> {
      String host = remoteHost(argv);
      started.add(host);
      int now = running.incrementAndGet();
      mostAtOnce.accumulateAndGet(now, Math::max);
      try {
        whileRunning.run();
        int o = Integer.parseInt(host.substring("glusterfs-".length(), host.indexOf('.')));
        TimeUnit.MILLISECONDS.sleep(5L * (hosts - o));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      boolean odd = host.matches("glusterfs-\\d*[13579]\\..*");
      return odd
          ? new CommandResult(
              1,
              "",
              "Connection failed. Please check if gluster daemon is operational.",
              false,
              Duration.ofMillis(5))
          : new CommandResult(0, listing, "", false, Duration.ofMillis(5));
    };
  }

  private CliGlusterClient client(CommandRunner runner) {
    return new CliGlusterClient(
        "gluster",
        runner,
        Duration.ofSeconds(8),
        Deadline.in(Duration.ofSeconds(30)),
        tmp.resolve("no-glusterd-dir"));
  }

  @Test
  void asksAFewAtOnceAndReturnsTheViewsInTheOrderOfTheHosts() throws Exception {
    List<String> hosts = hosts(12);
    // every call waits until VIEWS_AT_ONCE of them run: fewer at once never gets past it
    CyclicBarrier together = new CyclicBarrier(CliGlusterClient.VIEWS_AT_ONCE);
    CommandRunner runner =
        cli(
            hosts.size(),
            () -> {
              try {
                together.await(5, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException("fewer calls at once than expected", e);
              }
            });

    Map<String, Observed<PoolView>> views =
        client(runner).remotePools(hosts, Deadline.in(Duration.ofSeconds(30)));

    assertThat(mostAtOnce.get()).as("most calls at once").isEqualTo(CliGlusterClient.VIEWS_AT_ONCE);
    assertThat(started).as("calls started").containsExactlyInAnyOrderElementsOf(hosts);
    assertThat(List.copyOf(views.keySet())).as("order of the views").isEqualTo(hosts);
    for (int o = 0; o < hosts.size(); o++) {
      String host = hosts.get(o);
      Observed<PoolView> v = views.get(host);
      if (o % 2 == 0) {
        assertThat(v).as(host).isInstanceOf(Observed.Known.class);
      } else {
        assertThat(v)
            .as(host)
            .isInstanceOfSatisfying(
                Observed.Unknown.class, u -> assertThat(u.why()).startsWith(host + ":"));
      }
    }
    assertThat(remoteViewThreads()).as("threads left behind").isZero();
  }

  @Test
  void startsNoCallAfterStartBy() throws Exception {
    List<String> hosts = hosts(12);
    ManualTime time = new ManualTime();
    Deadline startBy = Deadline.in(Duration.ofSeconds(1), time);
    // the first VIEWS_AT_ONCE calls all started before it; then the time to start calls ends
    CyclicBarrier together =
        new CyclicBarrier(
            CliGlusterClient.VIEWS_AT_ONCE, () -> time.advance(Duration.ofSeconds(2)));
    CommandRunner runner =
        cli(
            hosts.size(),
            () -> {
              try {
                together.await(5, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException("fewer calls at once than expected", e);
              }
            });

    Map<String, Observed<PoolView>> views = client(runner).remotePools(hosts, startBy);

    List<String> first = hosts.subList(0, CliGlusterClient.VIEWS_AT_ONCE);
    assertThat(List.copyOf(views.keySet())).as("hosts asked").isEqualTo(first);
    assertThat(started).as("calls started").containsExactlyInAnyOrderElementsOf(first);
    assertThat(remoteViewThreads()).as("threads left behind").isZero();
  }

  @Test
  void startsNothingWhenStartByHasPassed() {
    ManualTime time = new ManualTime();
    Deadline passed = Deadline.in(Duration.ZERO, time);

    Map<String, Observed<PoolView>> views = client(cli(4, () -> {})).remotePools(hosts(4), passed);

    assertThat(views).isEmpty();
    assertThat(started).isEmpty();
  }

  /** The pool's threads still alive, given a second to leave their last lines of code. */
  private static long remoteViewThreads() throws InterruptedException {
    List<Thread> left =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("remote-view"))
            .toList();
    for (Thread t : left) {
      t.join(1000);
    }
    return left.stream().filter(Thread::isAlive).count();
  }
}
