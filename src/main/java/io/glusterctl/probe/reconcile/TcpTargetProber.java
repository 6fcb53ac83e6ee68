package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.model.HostNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Whether a host's glusterd answers: a TCP connect to its management port (24007) within a short
 * timeout. Cheap, changes nothing on the target. Names that are not valid host names are never
 * looked up.
 */
public record TcpTargetProber(int port, Duration timeout) implements TargetProber {
  @Override
  public boolean answers(String host) {
    if (!HostNames.isValid(host)) {
      return false;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return true;
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      return false;
    }
  }
}
