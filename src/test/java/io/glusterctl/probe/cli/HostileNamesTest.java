package io.glusterctl.probe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.glusterctl.probe.observe.Dnsmasq;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that come from outside never become arguments unchecked: SRV targets from a real dnsmasq
 * ({@code -rf.<svc>}, {@code a;b.<svc>}, {@code $(id).<svc>}, {@code glusterfs-3;reboot.<svc>},
 * {@code --remote-host=evil.<svc>}) and peer names in glusterd's own {@code peer status} ({@code
 * -rf}, {@code a;b}, {@code --mode=foo}, {@code $(reboot)}). reconcile, plan and status run as the
 * coordinator glusterfs-0 with a gluster CLI that logs every argv: no argv holds one of them, and
 * the bad SRV targets are reported as left out. (Needs root and dnsmasq, like the DNS tests.)
 */
class HostileNamesTest {
  private static final String SVC = ".glusterfs.default.svc.cluster.local";
  private static final String SRV = "_glusterd._tcp.glusterfs.default.svc.cluster.local";
  private static final List<String> HOSTILE_TARGETS =
      List.of(
          "-rf" + SVC,
          "a;b" + SVC,
          "$(id)" + SVC,
          "glusterfs-3;reboot" + SVC,
          "--remote-host=evil" + SVC,
          "glusterfs-1" + SVC + ";rm");
  private static final List<String> HOSTILE_PEERS =
      List.of("-rf", "a;b", "--mode=foo", "$(reboot)");
  private static final List<String> FRAGMENTS =
      List.of("-rf", ";", "$(", "evil", "--mode=foo", "reboot", "rm");

  @TempDir Path tmp;

  @Test
  void hostileNamesFromDnsAndFromGlusterdNeverBecomeArguments() throws Exception {
    List<String> records = new ArrayList<>();
    records.add("--srv-host=" + SRV + ",glusterfs-0" + SVC + ",24007");
    records.add("--srv-host=" + SRV + ",glusterfs-1" + SVC + ",24007");
    records.add("--host-record=glusterfs-1" + SVC + ",127.0.0.1");
    HOSTILE_TARGETS.forEach(t -> records.add("--srv-host=" + SRV + "," + t + ",24007"));
    try (Dnsmasq dns = Dnsmasq.start(tmp, records)) {
      FakeGluster g =
          FakeGluster.write(
              tmp,
              "case \"$*\" in\n"
                  + "  *'peer status'*) cat '"
                  + peerStatus().toAbsolutePath()
                  + "' ;;\n"
                  + "  *) echo 'Connection failed. Please check if gluster daemon is operational.'; exit 1 ;;\n"
                  + "esac");
      for (String command : List.of("reconcile", "plan", "status")) {
        Cli.Run r = Cli.run(args(command, g, dns.server().toString()));
        assertThat(r.exitCode()).as(r.toString()).isIn(0, 3, 4);
        if (!command.equals("status")) {
          assertThat(r.err())
              .as(r.toString())
              .contains("NOTE dns: SRV target '-rf" + SVC + "' is not a valid host name; left out");
        }
      }
      assertThat(g.calls()).isNotEmpty();
      for (String call : g.calls()) {
        for (String bad : FRAGMENTS) {
          assertThat(call).as("an argv of gluster").doesNotContain(bad);
        }
      }
    }
  }

  /** This node's view: glusterfs-1 healthy, and four peers whose names are not host names. */
  private Path peerStatus() throws IOException {
    StringBuilder b =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<cliOutput>\n  <opRet>0</opRet>\n  <opErrno>0</opErrno>\n  <opErrstr/>\n  <peerStatus>\n");
    List<String> names = new ArrayList<>(List.of("glusterfs-1" + SVC));
    names.addAll(HOSTILE_PEERS);
    int i = 1;
    for (String n : names) {
      String xml = n.replace("&", "&amp;").replace("<", "&lt;");
      b.append("    <peer>\n      <uuid>00000000-0000-4000-8000-00000000000")
          .append(i++)
          .append("</uuid>\n")
          .append("      <hostname>")
          .append(xml)
          .append("</hostname>\n")
          .append("      <hostnames>\n        <hostname>")
          .append(xml)
          .append("</hostname>\n      </hostnames>\n")
          .append("      <connected>1</connected>\n      <state>3</state>\n")
          .append("      <stateStr>Peer in Cluster</stateStr>\n    </peer>\n");
    }
    b.append("  </peerStatus>\n</cliOutput>\n");
    return Files.writeString(tmp.resolve("peer-status.xml"), b.toString());
  }

  private List<String> args(String command, FakeGluster g, String dnsServer) throws IOException {
    Path glusterd = Files.createDirectories(tmp.resolve("glusterd"));
    Files.writeString(
        glusterd.resolve("glusterd.info"), "UUID=00000000-0000-4000-8000-000000000000\n");
    return List.of(
        command,
        "--gluster",
        g.script.toString(),
        "--state-dir",
        tmp.resolve("state").toString(),
        "--glusterd-dir",
        glusterd.toString(),
        "--members-from",
        "dns",
        "--dns-server",
        dnsServer,
        "--resolv-conf",
        tmp.resolve("no-resolv.conf").toString(),
        "--token-file",
        tmp.resolve("no-token").toString(),
        "--ca-file",
        tmp.resolve("no-ca.crt").toString(),
        "--pod-name",
        "glusterfs-0",
        "--namespace",
        "default",
        "--cluster-domain",
        "cluster.local",
        "--deadline",
        "20s");
  }
}
