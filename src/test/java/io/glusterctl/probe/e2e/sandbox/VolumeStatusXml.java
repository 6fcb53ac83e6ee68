package io.glusterctl.probe.e2e.sandbox;

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
 * A minimal read of {@code gluster volume status <vol> --xml} for the tests' own checks: one {@link
 * Brick} per {@code <node>} whose {@code <path>} is a brick directory (the self-heal daemon's rows
 * have the path {@code localhost}, and are left out).
 */
public final class VolumeStatusXml {
  private VolumeStatusXml() {}

  /**
   * One brick as {@code volume status} reports it.
   *
   * @param host the brick's host as the volume names it
   * @param path the brick directory
   * @param online {@code <status>1</status>}
   * @param pid the brick process's PID inside its container (-1 when offline)
   */
  public record Brick(String host, String path, boolean online, long pid) {
    public String name() {
      return host + ":" + path;
    }
  }

  /** The bricks, or a {@link SandboxException} when the listing failed. */
  public static List<Brick> parse(String xml) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc =
          f.newDocumentBuilder()
              .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new SandboxException("not a volume status document: " + xml.strip(), e);
    }
    Element root = doc.getDocumentElement();
    String opRet = text(root, "opRet");
    if (!"0".equals(opRet)) {
      throw new SandboxException(
          "volume status failed: opRet " + opRet + " " + text(root, "opErrstr"));
    }
    List<Brick> bricks = new ArrayList<>();
    NodeList nodes = root.getElementsByTagName("node");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element n = (Element) nodes.item(i);
      String path = text(n, "path");
      if (!path.startsWith("/")) {
        continue; // Self-heal Daemon and other daemons: path "localhost"
      }
      String pid = text(n, "pid");
      bricks.add(
          new Brick(
              text(n, "hostname"),
              path,
              "1".equals(text(n, "status")),
              pid.matches("-?[0-9]+") ? Long.parseLong(pid) : -1));
    }
    return bricks;
  }

  private static String text(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e.getTextContent().strip();
      }
    }
    return "";
  }
}
