package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.VolumeBricks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Reads {@code gluster --xml volume info}: {@code <volInfo><volumes>} with one {@code <volume>} per
 * volume and a {@code <count>}, each volume's {@code <bricks>} with a {@code <brickCount>}. Each
 * {@code <brick uuid="U">} holds the text {@code host:/path} and the elements {@code
 * <name>host:/path</name>}, {@code <hostUuid>U</hostUuid>}. Both counts must match what is listed.
 */
public final class VolumeInfoParser {
  private VolumeInfoParser() {}

  /**
   * Every brick of every volume in {@code xml}.
   *
   * @throws ParseException when {@code xml} is not a complete volume info
   * @throws GlusterOpFailed when it is gluster's answer that the listing failed
   */
  public static VolumeBricks parse(String xml) throws ParseException, GlusterOpFailed {
    Element volInfo = CliXml.okBody(xml, "volInfo");
    CliXml.onlyKnownStructure(volInfo, Set.of("volumes"));
    Element volumes = CliXml.one(volInfo, "volumes");
    CliXml.onlyKnownStructure(volumes, Set.of("volume"));
    List<Element> volumeElements = CliXml.children(volumes, "volume");
    int count = CliXml.intText(volumes, "count");
    if (count != volumeElements.size()) {
      throw new ParseException(
          "<count> says " + count + " volumes but " + volumeElements.size() + " are listed");
    }
    List<VolumeBricks.Brick> bricks = new ArrayList<>();
    for (Element v : volumeElements) {
      bricks.addAll(bricks(v));
    }
    return new VolumeBricks(bricks);
  }

  private static List<VolumeBricks.Brick> bricks(Element volume) throws ParseException {
    String name = CliXml.text(volume, "name");
    if (name.isEmpty()) {
      throw new ParseException("a <volume> has an empty <name>");
    }
    String where = "volume " + CliXml.abbreviate(name);
    Element bricks = CliXml.one(volume, "bricks");
    CliXml.onlyKnownStructure(bricks, Set.of("brick"));
    List<Element> brickElements = CliXml.children(bricks, "brick");
    int brickCount = CliXml.intText(volume, "brickCount");
    if (brickCount != brickElements.size()) {
      throw new ParseException(
          where
              + ": <brickCount> says "
              + brickCount
              + " but "
              + brickElements.size()
              + " bricks are listed");
    }
    List<VolumeBricks.Brick> out = new ArrayList<>();
    for (Element b : brickElements) {
      String brick = CliXml.text(b, "name");
      int colon = brick.indexOf(":/");
      if (colon <= 0) {
        throw new ParseException(
            where + ": brick '" + CliXml.abbreviate(brick) + "' is not host:/path");
      }
      String host = Fields.hostname(brick.substring(0, colon), where + " brick host");
      String path = brick.substring(colon + 1);
      out.add(new VolumeBricks.Brick(name, host, path, hostUuid(b, where).orElse(null)));
    }
    return out;
  }

  /** {@code <hostUuid>}, else the {@code uuid} attribute (both are printed by glusterd 10). */
  private static Optional<String> hostUuid(Element brick, String where) throws ParseException {
    Optional<Element> e = CliXml.optionalOne(brick, "hostUuid");
    String u = e.isPresent() ? CliXml.textOf(e.get()) : brick.getAttribute("uuid");
    if (u.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Fields.uuid(u, where + " brick <hostUuid>"));
  }
}
