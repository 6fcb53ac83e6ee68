package io.glusterctl.probe.e2e.sandbox;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A minimal read of {@code gluster peer status --xml} for the tests' own checks (the program has
 * its own parser, which is what is under test; this one only has to be right for healthy output).
 */
public final class PeerStatusXml {
  private PeerStatusXml() {}

  /**
   * The peers, or a {@link SandboxException} when the listing failed ({@code opRet} not 0, not
   * XML).
   */
  public static List<Peer> parse(String xml) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc =
          f.newDocumentBuilder()
              .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new SandboxException("not a peer status document: " + xml.strip(), e);
    }
    Element root = doc.getDocumentElement();
    String opRet = text(root, "opRet");
    if (!"0".equals(opRet)) {
      throw new SandboxException(
          "peer status failed: opRet " + opRet + " " + text(root, "opErrstr"));
    }
    List<Peer> peers = new ArrayList<>();
    NodeList nodes = root.getElementsByTagName("peer");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element p = (Element) nodes.item(i);
      String primary = text(p, "hostname");
      List<String> names = new ArrayList<>(List.of(primary));
      NodeList hs = p.getElementsByTagName("hostnames");
      if (hs.getLength() > 0) {
        for (Node n = hs.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
          String name = n.getTextContent().strip();
          if (n instanceof Element && !names.contains(name)) {
            names.add(name);
          }
        }
      }
      int code = Integer.parseInt(text(p, "state"));
      PeerState state =
          PeerState.fromCode(code)
              .orElseThrow(() -> new SandboxException("unknown peer state " + code));
      peers.add(new Peer(text(p, "uuid"), primary, names, state, "1".equals(text(p, "connected"))));
    }
    return peers;
  }

  private static String text(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e.getTextContent().strip();
      }
    }
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
  }
}
