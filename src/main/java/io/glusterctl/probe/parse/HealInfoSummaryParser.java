package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.HealSummary;
import io.glusterctl.probe.model.Observed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Reads {@code gluster --xml volume heal VOL info summary}: {@code <healInfo><bricks>} with one
 * {@code <brick>} per brick, each with {@code <name>host:/path</name>}, {@code <status>} and, when
 * the brick could be asked, {@code <totalNumberOfEntries>} and {@code
 * <numberOfEntriesInSplitBrain>}. A brick whose process is down has only a {@code <status>}
 * (glusterd 10.3 prints "Failed to process entries completely. (Transport endpoint is not
 * connected)" with the count's tag name run into it): its counts are Unknown with that status as
 * the reason. Pinned by {@code heal-info-summary-*.xml}.
 */
public final class HealInfoSummaryParser {
  private HealInfoSummaryParser() {}

  /**
   * The pending heals of {@code volume}, brick by brick.
   *
   * @throws ParseException when {@code xml} is not a complete heal info summary
   * @throws GlusterOpFailed when it is gluster's answer that the command failed
   */
  public static HealSummary parse(String volume, String xml)
      throws ParseException, GlusterOpFailed {
    Element healInfo = CliXml.okBody(xml, "healInfo");
    CliXml.onlyKnownStructure(healInfo, Set.of("bricks"));
    Element bricks = CliXml.one(healInfo, "bricks");
    CliXml.onlyKnownStructure(bricks, Set.of("brick"));
    List<HealSummary.Brick> out = new ArrayList<>();
    for (Element b : CliXml.children(bricks, "brick")) {
      String name = CliXml.text(b, "name");
      if (name.indexOf(":/") <= 0) {
        throw new ParseException(
            "heal info: brick '" + CliXml.abbreviate(name) + "' is not host:/path");
      }
      String status = CliXml.text(b, "status");
      Optional<Element> total = CliXml.optionalOne(b, "totalNumberOfEntries");
      if (total.isEmpty()) {
        String why = "brick " + name + ": " + CliXml.abbreviate(status);
        out.add(new HealSummary.Brick(name, Observed.unknown(why), Observed.unknown(why)));
        continue;
      }
      long pending = count(b, "totalNumberOfEntries", name);
      Observed<Long> splitBrain =
          CliXml.optionalOne(b, "numberOfEntriesInSplitBrain").isPresent()
              ? Observed.known(count(b, "numberOfEntriesInSplitBrain", name))
              : Observed.unknown("brick " + name + ": no split-brain count");
      out.add(new HealSummary.Brick(name, Observed.known(pending), splitBrain));
    }
    if (out.isEmpty()) {
      throw new ParseException("heal info of " + CliXml.abbreviate(volume) + " lists no brick");
    }
    return new HealSummary(volume, out);
  }

  private static long count(Element brick, String tag, String name) throws ParseException {
    int n = CliXml.intText(brick, tag);
    if (n < 0) {
      throw new ParseException("brick " + name + ": <" + tag + "> is negative");
    }
    return n;
  }
}
