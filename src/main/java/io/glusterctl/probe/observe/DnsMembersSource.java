package io.glusterctl.probe.observe;

import io.glusterctl.probe.exec.Deadline;
import io.glusterctl.probe.model.DesiredMembers;
import io.glusterctl.probe.model.HostNames;
import io.glusterctl.probe.model.Member;
import io.glusterctl.probe.model.Observed;
import io.glusterctl.probe.model.Self;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The desired members as the headless Service's DNS records say: one SRV record {@code
 * _<port>._tcp.<service>.<namespace>.svc.<domain>} per pod, whose target is the pod's own name
 * {@code <statefulset>-<ordinal>.<service>...}.
 *
 * <p>A headless Service of a running StatefulSet always has records (this pod is one of its pods),
 * so no records at all, NXDOMAIN, a server error or no answer in time are all {@link
 * Observed.Unknown}, never an empty set of members. Every target is checked (RFC 1123, one of this
 * StatefulSet's pods under this Service) before it becomes a member; others are left out with a
 * note.
 */
public final class DnsMembersSource implements DesiredMembersSource {
  public static final String DEFAULT_PORT_NAME = "glusterd";

  private final Self self;
  private final String portName;
  private final DnsQuery dns;

  /**
   * @param self this pod: gives the StatefulSet, the Service, the namespace and the domain
   * @param portName the Service's port name ({@code glusterd})
   * @param server the DNS server to ask
   * @param queryTimeout how long one query may take
   */
  public DnsMembersSource(Self self, String portName, DnsServer server, Duration queryTimeout) {
    this.self = Objects.requireNonNull(self, "self");
    this.portName = Objects.requireNonNull(portName, "portName");
    this.dns = new DnsQuery(server, queryTimeout);
  }

  /** {@code _glusterd._tcp.glusterfs.default.svc.cluster.local}. */
  public String srvName() {
    return "_" + portName + "._tcp." + self.serviceDomain();
  }

  /** {@link #desiredMembers(Deadline)} bounded by the query timeout alone. */
  public Observation<DesiredMembers> desiredMembers() {
    return desiredMembers(Deadline.in(dns.timeout()));
  }

  /** Asks for the SRV records and makes members of the targets that are this StatefulSet's pods. */
  @Override
  public Observation<DesiredMembers> desiredMembers(Deadline deadline) {
    String name = srvName();
    if (!HostNames.isValid(name.substring(1).replace("._tcp.", "."))) {
      return Observation.unknown("not a valid DNS name: " + name, List.of());
    }
    Observed<DnsQuery.Answer> answer = dns.srv(name, deadline);
    if (answer instanceof Observed.Unknown<DnsQuery.Answer> u) {
      return Observation.unknown(u.why(), List.of());
    }
    DnsQuery.Answer a = answer.known().orElseThrow();
    if (a.nxdomain()) {
      return Observation.unknown(
          name
              + " does not exist (NXDOMAIN from "
              + dns.server()
              + "): a headless Service of a running StatefulSet always has records",
          List.of());
    }
    if (a.names().isEmpty()) {
      return Observation.unknown(
          "no SRV records for " + name + " (from " + dns.server() + ")", List.of());
    }
    List<String> notes = new ArrayList<>();
    Map<Integer, Member> byOrdinal = new TreeMap<>();
    for (String target : a.names()) {
      memberOf(target, notes)
          .ifPresent(
              ordinal -> byOrdinal.putIfAbsent(ordinal, new Member(ordinal, self.fqdnOf(ordinal))));
    }
    if (byOrdinal.isEmpty()) {
      return Observation.unknown(
          "no SRV target of " + name + " is a pod of StatefulSet " + self.statefulSet(), notes);
    }
    return Observation.known(
        new DesiredMembers(
            DesiredMembers.Source.DNS, OptionalInt.empty(), List.copyOf(byOrdinal.values())),
        notes);
  }

  /**
   * The addresses of one pod ({@code A}, else {@code AAAA} records). A name that does not exist or
   * has no address is a known answer, the empty list (the pod is not there now); a server error or
   * no answer is Unknown.
   */
  public Observed<List<InetAddress>> addressesOf(String fqdn, Deadline deadline) {
    if (!HostNames.isValid(fqdn)) {
      return Observed.unknown("not a valid host name: " + fqdn);
    }
    String name = HostNames.normalize(fqdn);
    Observed<DnsQuery.Answer> v4 = dns.addresses(name, false, deadline);
    if (v4 instanceof Observed.Unknown<DnsQuery.Answer> u) {
      return Observed.unknown(u.why());
    }
    DnsQuery.Answer a = v4.known().orElseThrow();
    if (!a.addresses().isEmpty() || a.nxdomain()) {
      return Observed.known(a.addresses());
    }
    return dns.addresses(name, true, deadline).map(DnsQuery.Answer::addresses);
  }

  /** The ordinal of an SRV target that is one of this StatefulSet's pods; a note otherwise. */
  private OptionalInt memberOf(String target, List<String> notes) {
    if (!HostNames.isValid(target)) {
      notes.add("SRV target '" + printable(target) + "' is not a valid host name; left out");
      return OptionalInt.empty();
    }
    OptionalInt ordinal = self.ordinalOf(target);
    if (ordinal.isEmpty()
        || !HostNames.normalize(target)
            .equals(HostNames.normalize(self.fqdnOf(ordinal.getAsInt())))) {
      notes.add(
          "SRV target "
              + HostNames.normalize(target)
              + " is not a pod of StatefulSet "
              + self.statefulSet()
              + " under "
              + self.serviceDomain()
              + "; left out");
      return OptionalInt.empty();
    }
    return ordinal;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(255)
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f) {
                b.appendCodePoint(c);
              } else {
                b.append(String.format("\\u%04x", c));
              }
            });
    return b.toString();
  }
}
