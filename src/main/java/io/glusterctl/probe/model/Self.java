package io.glusterctl.probe.model;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who this pod is: a StatefulSet pod {@code <statefulSet>-<ordinal>} behind a headless Service.
 *
 * @param podName e.g. {@code glusterfs-1}
 * @param namespace e.g. {@code default}
 * @param service the headless Service, e.g. {@code glusterfs}
 * @param clusterDomain e.g. {@code cluster.local}
 */
public record Self(String podName, String namespace, String service, String clusterDomain) {
  private static final Pattern POD = Pattern.compile("^(.+)-(0|[1-9][0-9]{0,8})$");

  public Self {
    Objects.requireNonNull(podName, "podName");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
  }

  /** The StatefulSet's name: the pod name without its {@code -<ordinal>} suffix. */
  public String statefulSet() {
    Matcher m = POD.matcher(podName);
    return m.matches() ? m.group(1) : podName;
  }

  /** The pod's ordinal, or empty when the pod name does not end in {@code -<number>}. */
  public OptionalInt ordinal() {
    Matcher m = POD.matcher(podName);
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
  }

  /** {@code <service>.<namespace>.svc.<domain>}: the headless Service's DNS name. */
  public String serviceDomain() {
    return service + "." + namespace + ".svc." + clusterDomain;
  }

  /** The FQDN of the pod with this ordinal. */
  public String fqdnOf(int ordinal) {
    return statefulSet() + "-" + ordinal + "." + serviceDomain();
  }

  /** This pod's FQDN. */
  public String fqdn() {
    return podName + "." + serviceDomain();
  }

  /**
   * The ordinal encoded in a name of one of this StatefulSet's pods, if it is one: the pod name
   * alone, or followed by any leading part of the Service's domain ({@code glusterfs-1}, {@code
   * glusterfs-1.glusterfs}, {@code glusterfs-1.glusterfs.default}, ..., the full FQDN). Names
   * compare case-insensitively, as DNS does.
   */
  public OptionalInt ordinalOf(String name) {
    String n = HostNames.normalize(name);
    int dot = n.indexOf('.');
    String pod = dot < 0 ? n : n.substring(0, dot);
    String prefix = HostNames.normalize(statefulSet()) + "-";
    if (!pod.startsWith(prefix)) {
      return OptionalInt.empty();
    }
    String rest = pod.substring(prefix.length());
    if (!rest.matches("0|[1-9][0-9]{0,8}")) {
      return OptionalInt.empty();
    }
    if (dot >= 0) {
      String suffix = n.substring(dot + 1);
      String domain = HostNames.normalize(serviceDomain());
      if (!(domain.equals(suffix) || domain.startsWith(suffix + "."))) {
        return OptionalInt.empty();
      }
    }
    return OptionalInt.of(Integer.parseInt(rest));
  }
}
