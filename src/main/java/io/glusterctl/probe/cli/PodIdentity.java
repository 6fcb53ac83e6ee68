package io.glusterctl.probe.cli;

import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Self;
import java.util.Optional;

/** Whether the options name a pod of a StatefulSet: what a run may do to the pool depends on it. */
final class PodIdentity {
  private PodIdentity() {}

  /**
   * Why this is not the identity of a StatefulSet's pod, or empty when it is: the pod name is
   * {@code <statefulset>-<ordinal>} and an RFC 1123 label (as the StatefulSet controller names
   * pods), {@code --statefulset} (when given) is that StatefulSet, the namespace and the Service
   * are labels, the cluster domain a DNS name. Names become gluster arguments and DNS questions,
   * and a name without an ordinal has no place in the pool.
   */
  static Optional<String> problem(Self self, String statefulSetOption) {
    String pod = self.podName();
    if (!HostNames.isLabel(pod)
        || self.ordinal().isEmpty()
        || !HostNames.isLabel(self.statefulSet())) {
      return Optional.of(
          "--pod-name: '"
              + printable(pod)
              + "' is not a StatefulSet pod name <statefulset>-<ordinal> (an RFC 1123 label:"
              + " a-z, 0-9 and '-', at most 63 characters)");
    }
    if (statefulSetOption != null
        && !statefulSetOption.isBlank()
        && !statefulSetOption.equals(self.statefulSet())) {
      return Optional.of(
          "--statefulset: '"
              + printable(statefulSetOption)
              + "' is not the StatefulSet of pod "
              + pod
              + " ("
              + self.statefulSet()
              + ")");
    }
    if (!HostNames.isLabel(self.namespace())) {
      return Optional.of(
          "--namespace: '"
              + printable(self.namespace())
              + "' is not a namespace name (an RFC 1123 label)");
    }
    if (!HostNames.isLabel(self.service())) {
      return Optional.of(
          "--service: '"
              + printable(self.service())
              + "' is not a Service name (an RFC 1123 label)");
    }
    if (!HostNames.isValid(self.clusterDomain())) {
      return Optional.of(
          "--cluster-domain: '" + printable(self.clusterDomain()) + "' is not a DNS domain");
    }
    return Optional.empty();
  }

  /** Printable ASCII as is; anything else as a backslash-u escape of four hex digits. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(100)
        .forEach(
            c ->
                b.append(
                    c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
    return b.toString();
  }
}
