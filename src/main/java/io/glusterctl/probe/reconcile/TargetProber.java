package io.glusterctl.probe.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Whether a host's glusterd management port answers (a TCP connect within a short timeout). */
public interface TargetProber {
  boolean answers(String host);

  /**
   * Whether each of {@code hosts} answers, all checked within {@code d}; a host not checked in time
   * is left out (it counts as not checked, never as answering). The default checks one host after
   * another on {@code clock}; {@link ConcurrentTargetProber} checks them at the same time.
   */
  default Map<String, Boolean> answering(List<String> hosts, Duration d, Clock clock) {
    Instant end = clock.instant().plus(d);
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String h : hosts) {
      if (!clock.instant().isBefore(end)) {
        break;
      }
      out.put(h, answers(h));
    }
    return out;
  }
}
