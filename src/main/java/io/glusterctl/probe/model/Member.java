package io.glusterctl.probe.model;

import java.util.Objects;

/**
 * A desired member of the pool: one pod of the StatefulSet.
 *
 * @param ordinal the pod's ordinal ({@code glusterfs-2} has ordinal 2)
 * @param fqdn the pod's DNS name, {@code <pod>.<service>.<namespace>.svc.<domain>}
 */
public record Member(int ordinal, String fqdn) implements Comparable<Member> {
  public Member {
    Objects.requireNonNull(fqdn, "fqdn");
    if (ordinal < 0) {
      throw new IllegalArgumentException("ordinal must be >= 0: " + ordinal);
    }
    fqdn = HostNames.normalize(fqdn);
  }

  /** The pod name, the first label of the FQDN. */
  public String podName() {
    int dot = fqdn.indexOf('.');
    return dot < 0 ? fqdn : fqdn.substring(0, dot);
  }

  @Override
  public int compareTo(Member o) {
    return Integer.compare(ordinal, o.ordinal);
  }
}
