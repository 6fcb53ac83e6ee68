package io.glusterctl.probe.sim;

/** What one simulated run of the program cost: its gluster CLI calls and other requests. */
final class RunCounts {
  int cli;
  int probes;
  int detaches;
  int tcp;
  int members;

  @Override
  public String toString() {
    return cli
        + " CLI ("
        + probes
        + " probe, "
        + detaches
        + " detach), "
        + tcp
        + " TCP, "
        + members
        + " members";
  }
}
