package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.HostNames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a host's glusterd answers: a TCP connect to its management port (24007). Cheap, changes
 * nothing on the target. Names that are not valid host names are never looked up.
 *
 * <p>The name lookup and the connect together take at most the timeout, and end {@link
 * Deadline#SAFETY_MARGIN} before the run's deadline. The lookup goes through the system's resolver
 * (as glusterd's own does), which has timeouts and retries of its own ({@code options timeout:5
 * attempts:2}: ten seconds for a DNS server that does not answer) and cannot be interrupted; so it
 * runs on a thread of its own, which is given up (left to end by itself, a daemon) when its time is
 * up: the host then does not answer.
 */
public final class TcpTargetProber implements TargetProber {
  /** Where a host name's address comes from. */
  @FunctionalInterface
  interface HostLookup {
    InetAddress address(String host) throws IOException;
  }

  private final int port;
  private final Duration timeout;
  private final Deadline deadline;
  private final HostLookup lookup;

  /**
   * @param port the port to connect to
   * @param timeout how long one check (lookup and connect) may take
   * @param deadline the run's
   */
  public TcpTargetProber(int port, Duration timeout, Deadline deadline) {
    this(port, timeout, deadline, InetAddress::getByName);
  }

  TcpTargetProber(int port, Duration timeout, Deadline deadline, HostLookup lookup) {
    this.port = port;
    this.timeout = timeout;
    this.deadline = deadline;
    this.lookup = lookup;
  }

  @Override
  public boolean answers(String host) {
    if (!HostNames.isValid(host)) {
      return false;
    }
    Deadline check = deadline.within(deadline.callTimeout(timeout));
    if (check.expired()) {
      return false;
    }
    InetAddress address = lookUp(host, check);
    if (address == null) {
      return false;
    }
    long millis = check.remaining().toMillis();
    if (millis < 1) {
      return false;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, millis));
      return true;
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      return false;
    }
  }

  /** The host's address, or null when it has none or the lookup did not end in time. */
  private InetAddress lookUp(String host, Deadline check) {
    FutureTask<InetAddress> task = new FutureTask<>(() -> lookup.address(host));
    Thread worker = new Thread(task, "lookup " + host);
    worker.setDaemon(true);
    worker.start();
    try {
      return task.get(check.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      return null;
    } catch (ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      task.cancel(true);
      return null;
    }
  }
}
