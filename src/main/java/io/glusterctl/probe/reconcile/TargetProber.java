package io.glusterctl.probe.reconcile;

import io.glusterctl.probe.exec.Deadline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Whether a host's glusterd management port answers (a TCP connect within a short timeout). */
public interface TargetProber {
  boolean answers(String host);

  /**
   * Whether each of {@code hosts} answers, all checked before {@code by}; a host not checked in
   * time is left out (it counts as not checked, never as answering). The default checks one host
   * after another; {@link ConcurrentTargetProber} checks them at the same time.
   */
  default Map<String, Boolean> answering(List<String> hosts, Deadline by) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (String h : hosts) {
      if (by.expired()) {
        break;
      }
      out.put(h, answers(h));
    }
    return out;
  }
}
