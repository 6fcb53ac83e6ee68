package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.Peer;
import java.util.List;

/** Prints a pool the way glusterd 10.3 prints {@code peer status} (compare test-fixtures/). */
final class GlusterdRendering {
  private GlusterdRendering() {}

  static String peerStatusText(List<Peer> peers) {
    StringBuilder b = new StringBuilder("Number of Peers: ").append(peers.size()).append('\n');
    for (Peer p : peers) {
      b.append("\nHostname: ").append(p.hostname()).append('\n');
      b.append("Uuid: ").append(p.uuid()).append('\n');
      b.append("State: ").append(p.stateLine()).append('\n');
      if (p.hostnames().size() > 1) {
        b.append("Other names:\n");
        for (String name : p.hostnames().subList(1, p.hostnames().size())) {
          b.append(name).append('\n');
        }
      }
    }
    return b.toString();
  }

  static String peerStatusXml(List<Peer> peers) {
    StringBuilder b =
        new StringBuilder(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cliOutput>
              <opRet>0</opRet>
              <opErrno>0</opErrno>
              <opErrstr/>
            """);
    if (peers.isEmpty()) {
      b.append("  <peerStatus/>\n");
    } else {
      b.append("  <peerStatus>\n");
      for (Peer p : peers) {
        b.append("    <peer>\n");
        b.append("      <uuid>").append(p.uuid()).append("</uuid>\n");
        b.append("      <hostname>").append(p.hostname()).append("</hostname>\n");
        b.append("      <hostnames>\n");
        for (String name : p.hostnames()) {
          b.append("        <hostname>").append(name).append("</hostname>\n");
        }
        b.append("      </hostnames>\n");
        b.append("      <connected>").append(p.connected() ? 1 : 0).append("</connected>\n");
        b.append("      <state>").append(p.state().code()).append("</state>\n");
        b.append("      <stateStr>").append(p.state().text()).append("</stateStr>\n");
        b.append("    </peer>\n");
      }
      b.append("  </peerStatus>\n");
    }
    return b.append("</cliOutput>\n").toString();
  }
}
