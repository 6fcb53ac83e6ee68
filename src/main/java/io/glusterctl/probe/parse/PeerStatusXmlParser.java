package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads {@code gluster --xml peer status}:
 *
 * <pre>{@code
 * <cliOutput><opRet>0</opRet><opErrno>0</opErrno><opErrstr/>
 *   <peerStatus>
 *     <peer><uuid>..</uuid><hostname>..</hostname>
 *       <hostnames><hostname>..</hostname>...</hostnames>
 *       <connected>1</connected><state>3</state><stateStr>Peer in Cluster</stateStr></peer>
 *   </peerStatus></cliOutput>
 * }</pre>
 *
 * Every peer must be complete and consistent ({@code stateStr} the text of {@code state}); an
 * {@code opRet} other than 0 (-22 while a handshake is under way) is a {@link GlusterOpFailed}.
 */
public final class PeerStatusXmlParser {
  private static final Set<String> PEER_FIELDS =
      Set.of("uuid", "hostname", "hostnames", "connected", "state", "stateStr");

  private PeerStatusXmlParser() {}

  public static PoolView parse(String xml) throws ParseException, GlusterOpFailed {
    Element body = CliXml.okBody(xml, "peerStatus");
    List<Peer> peers = new ArrayList<>();
    for (Element e : peerElements(body)) {
      peers.add(peer(e, peers.size() + 1));
    }
    return PoolView.of(peers);
  }

  /** The {@code <peer>} children of {@code <peerStatus>}; any other element there is an error. */
  static List<Element> peerElements(Element peerStatus) throws ParseException {
    List<Element> out = new ArrayList<>();
    for (Node n = peerStatus.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        if (!e.getTagName().equals("peer")) {
          throw new ParseException("<peerStatus> holds <" + e.getTagName() + ">, not <peer>");
        }
        out.add(e);
      }
    }
    return out;
  }

  /** {@code <connected>}: 1 or 0. */
  static boolean connected(Element peer, String where) throws ParseException {
    int c = CliXml.intText(peer, "connected");
    if (c != 0 && c != 1) {
      throw new ParseException(where + ": <connected> is " + c + ", not 0 or 1");
    }
    return c == 1;
  }

  private static Peer peer(Element e, int index) throws ParseException {
    String where = "peer " + index;
    CliXml.onlyKnownStructure(e, PEER_FIELDS);
    String uuid = Fields.uuid(CliXml.text(e, "uuid"), where + " <uuid>");
    String hostname = Fields.hostname(CliXml.text(e, "hostname"), where + " <hostname>");
    List<String> hostnames = hostnames(e, hostname, where);
    boolean connected = connected(e, where);
    int code = CliXml.intText(e, "state");
    PeerState state =
        PeerState.fromCode(code)
            .orElseThrow(() -> new ParseException(where + ": unknown peer state " + code));
    Optional<Element> stateStr = CliXml.optionalOne(e, "stateStr");
    if (stateStr.isPresent() && !CliXml.textOf(stateStr.get()).equals(state.text())) {
      throw new ParseException(
          where
              + ": <stateStr> '"
              + CliXml.abbreviate(CliXml.textOf(stateStr.get()))
              + "' is not the text of state "
              + code
              + " ('"
              + state.text()
              + "')");
    }
    return new Peer(uuid, hostname, hostnames, state, connected);
  }

  private static List<String> hostnames(Element peer, String primary, String where)
      throws ParseException {
    Optional<Element> list = CliXml.optionalOne(peer, "hostnames");
    if (list.isEmpty()) {
      return List.of(primary);
    }
    CliXml.onlyKnownStructure(list.get(), Set.of("hostname"));
    List<String> names = new ArrayList<>();
    for (Element h : CliXml.children(list.get(), "hostname")) {
      names.add(Fields.hostname(CliXml.textOf(h), where + " <hostnames>"));
    }
    if (names.isEmpty() || !names.get(0).equals(primary)) {
      throw new ParseException(
          where + ": <hostnames> does not start with the primary <hostname> " + primary);
    }
    return names;
  }
}
