package io.glusterctl.probe.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The pool as it should be: the StatefulSet's pods.
 *
 * @param source where the answer came from
 * @param replicas {@code spec.replicas} when the API said it; empty for DNS
 * @param members the desired members, by ordinal
 */
public record DesiredMembers(Source source, OptionalInt replicas, List<Member> members) {

  public enum Source {
    /** The StatefulSet's {@code spec.replicas} from the Kubernetes API. */
    API("api"),
    /** The headless Service's SRV and A records. */
    DNS("dns"),
    /** Given on the command line ({@code --desired}), for offline analysis. */
    STATIC("static");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public DesiredMembers {
    members = members.stream().sorted().toList();
  }

  /** The desired member whose FQDN or pod name is {@code name}, if any. */
  public Optional<Member> member(String name) {
    String n = HostNames.normalize(name);
    return members.stream()
        .filter(m -> m.fqdn().equals(n) || m.fqdn().startsWith(n + "."))
        .findFirst();
  }

  public Optional<Member> byOrdinal(int ordinal) {
    return members.stream().filter(m -> m.ordinal() == ordinal).findFirst();
  }
}
