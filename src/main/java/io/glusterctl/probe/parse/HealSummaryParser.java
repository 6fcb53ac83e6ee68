package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.HealSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Reads {@code gluster --xml volume heal <volume> info summary} (glusterd 10.3 runs {@code glfsheal
 * <volume> info-summary --xml}): {@code <healInfo><bricks>} with one {@code <brick hostUuid="U">}
 * per brick of the volume, each with {@code <name>host:/path</name>}, {@code <status>} and, when
 * the brick was reached, {@code <totalNumberOfEntries>} (and the split into heal pending, split
 * brain and possibly healing). A brick that was not reached has {@code hostUuid="-"} and no counts;
 * its status then reads {@code Failed to process entries completely. (Transport endpoint is not
 * connected)totalNumberOfEntries0} (test-fixtures/heal-summary-brick-down.xml): glfsheal runs the
 * next field's name into the text, and that is not a count.
 *
 * <p>A volume that does not exist, or is not started ({@code Not able to fetch volfile from
 * glusterd}), is answered with {@code opRet} -1: {@link GlusterOpFailed}.
 */
public final class HealSummaryParser {
  private HealSummaryParser() {}

  /**
   * The heal summary of {@code volume} in {@code xml}.
   *
   * @throws ParseException when {@code xml} is not a complete heal summary
   * @throws GlusterOpFailed when it is gluster's answer that the query failed
   */
  public static HealSummary parse(String volume, String xml)
      throws ParseException, GlusterOpFailed {
    Element healInfo = CliXml.okBody(xml, "healInfo");
    CliXml.onlyKnownStructure(healInfo, Set.of("bricks"));
    Element bricks = CliXml.one(healInfo, "bricks");
    CliXml.onlyKnownStructure(bricks, Set.of("brick"));
    List<Element> brickElements = CliXml.children(bricks, "brick");
    if (brickElements.isEmpty()) {
      throw new ParseException("volume " + CliXml.abbreviate(volume) + ": no <brick> listed");
    }
    List<HealSummary.BrickHeal> out = new ArrayList<>();
    for (Element b : brickElements) {
      out.add(brick(b, volume));
    }
    return new HealSummary(volume, out);
  }

  private static HealSummary.BrickHeal brick(Element b, String volume) throws ParseException {
    String where = "volume " + CliXml.abbreviate(volume);
    String name = CliXml.text(b, "name");
    int colon = name.indexOf(":/");
    if (colon <= 0) {
      throw new ParseException(
          where + ": brick '" + CliXml.abbreviate(name) + "' is not host:/path");
    }
    Fields.hostname(name.substring(0, colon), where + " brick host");
    String status = CliXml.text(b, "status");
    Optional<Element> total = CliXml.optionalOne(b, "totalNumberOfEntries");
    if (total.isEmpty()) {
      return new HealSummary.BrickHeal(name, status, OptionalLong.empty());
    }
    String t = CliXml.textOf(total.get());
    if (!t.matches("[0-9]{1,18}")) {
      throw new ParseException(
          where
              + " brick "
              + CliXml.abbreviate(name)
              + ": <totalNumberOfEntries> is not a count: '"
              + CliXml.abbreviate(t)
              + "'");
    }
    return new HealSummary.BrickHeal(name, status, OptionalLong.of(Long.parseLong(t)));
  }
}
