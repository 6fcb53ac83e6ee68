package io.glusterctl.probe.reconcile;

/** Whether a host's glusterd management port answers (a TCP connect within a short timeout). */
public interface TargetProber {
  boolean answers(String host);
}
