package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.BrickProcesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Reads {@code gluster --xml volume status all}: {@code <volStatus><volumes>} with one {@code
 * <volume>} per started volume, each with {@code <volName>}, {@code <nodeCount>} and that many
 * {@code <node>}s. A node whose {@code <path>} is a directory is a brick ({@code <hostname>},
 * {@code <path>}, {@code <peerid>}, {@code <status>} 1 or 0); the daemons (Self-heal Daemon and the
 * like) have a host name as path and are left out. Pinned by {@code volume-status-*.xml}.
 */
public final class VolumeStatusParser {
  private VolumeStatusParser() {}

  /**
   * Every brick of every started volume, with whether its process runs.
   *
   * @throws ParseException when {@code xml} is not a complete volume status
   * @throws GlusterOpFailed when it is gluster's answer that the status failed
   */
  public static BrickProcesses parse(String xml) throws ParseException, GlusterOpFailed {
    Element volStatus = CliXml.okBody(xml, "volStatus");
    CliXml.onlyKnownStructure(volStatus, Set.of("volumes"));
    Element volumes = CliXml.one(volStatus, "volumes");
    CliXml.onlyKnownStructure(volumes, Set.of("volume"));
    List<BrickProcesses.Brick> bricks = new ArrayList<>();
    for (Element v : CliXml.children(volumes, "volume")) {
      bricks.addAll(bricks(v));
    }
    return new BrickProcesses(bricks);
  }

  private static List<BrickProcesses.Brick> bricks(Element volume) throws ParseException {
    String name = CliXml.text(volume, "volName");
    if (name.isEmpty()) {
      throw new ParseException("a <volume> has an empty <volName>");
    }
    String where = "volume " + CliXml.abbreviate(name);
    CliXml.onlyKnownStructure(volume, Set.of("node", "tasks"));
    List<Element> nodes = CliXml.children(volume, "node");
    int count = CliXml.intText(volume, "nodeCount");
    if (count != nodes.size()) {
      throw new ParseException(
          where + ": <nodeCount> says " + count + " but " + nodes.size() + " nodes are listed");
    }
    List<BrickProcesses.Brick> out = new ArrayList<>();
    for (Element n : nodes) {
      String path = CliXml.text(n, "path");
      if (!path.startsWith("/")) {
        continue;
      }
      String host = Fields.hostname(CliXml.text(n, "hostname"), where + " brick host");
      String uuid = Fields.uuid(CliXml.text(n, "peerid"), where + " brick peerid");
      int status = CliXml.intText(n, "status");
      if (status != 0 && status != 1) {
        throw new ParseException(
            where + ": brick " + host + ":" + path + " has <status> " + status);
      }
      out.add(new BrickProcesses.Brick(name, host, path, uuid, status == 1));
    }
    return out;
  }
}
