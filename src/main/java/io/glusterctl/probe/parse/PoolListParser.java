package io.glusterctl.probe.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Reads {@code gluster --xml pool list} (and, for pasted output, the text form). In XML it has the
 * shape of {@code peer status}, and the {@code localhost} entry has only {@code <uuid>}, {@code
 * <hostname>} and {@code <connected>}. The text form is a header and one row per member, {@code
 * uuid<TAB>hostname<TAB>Connected }, the {@code localhost} row last.
 */
public final class PoolListParser {
  private static final Set<String> POOL_FIELDS =
      Set.of("uuid", "hostname", "hostnames", "connected", "state", "stateStr");

  private PoolListParser() {}

  /**
   * The pool list in {@code output}, XML or text (detected). Exactly one entry must be {@code
   * localhost}; in the text form it must be the last row, which is how a cut-off list is told.
   *
   * @throws ParseException when {@code output} is not a complete pool list
   * @throws GlusterOpFailed when it is gluster's answer that the listing failed
   */
  public static PoolList parse(String output) throws ParseException, GlusterOpFailed {
    if (output == null || output.isBlank()) {
      throw new ParseException("empty output");
    }
    List<PoolList.Entry> entries =
        PeerStatusParser.isXml(output) ? fromXml(output) : fromText(output);
    List<PoolList.Entry> local = entries.stream().filter(PoolList.Entry::local).toList();
    if (local.size() != 1) {
      throw new ParseException(
          "pool list has " + local.size() + " '" + PoolList.LOCALHOST + "' entries, not 1");
    }
    return new PoolList(local.get(0).uuid(), entries);
  }

  private static List<PoolList.Entry> fromXml(String xml) throws ParseException, GlusterOpFailed {
    Element body = CliXml.okBody(xml, "peerStatus");
    List<PoolList.Entry> entries = new ArrayList<>();
    for (Element e : PeerStatusXmlParser.peerElements(body)) {
      String where = "entry " + (entries.size() + 1);
      CliXml.onlyKnownStructure(e, POOL_FIELDS);
      entries.add(
          new PoolList.Entry(
              Fields.uuid(CliXml.text(e, "uuid"), where + " <uuid>"),
              Fields.hostname(CliXml.text(e, "hostname"), where + " <hostname>"),
              PeerStatusXmlParser.connected(e, where)));
    }
    return entries;
  }

  private static List<PoolList.Entry> fromText(String text) throws ParseException, GlusterOpFailed {
    String s = CliXml.plainText(text);
    List<String> lines = new ArrayList<>();
    for (String l : s.split("\r\n|\n", -1)) {
      if (!l.isBlank()) {
        lines.add(l.strip());
      }
    }
    if (lines.isEmpty()
        || !List.of(lines.get(0).split("\\s+")).equals(List.of("UUID", "Hostname", "State"))) {
      throw new ParseException(
          "expected the header 'UUID Hostname State', found '"
              + CliXml.abbreviate(lines.isEmpty() ? "" : lines.get(0))
              + "'");
    }
    List<PoolList.Entry> entries = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String where = "row " + i;
      String[] f = lines.get(i).split("\\s+");
      if (f.length != 3 || !(f[2].equals("Connected") || f[2].equals("Disconnected"))) {
        throw new ParseException(
            where
                + ": expected 'uuid hostname Connected|Disconnected', found '"
                + CliXml.abbreviate(lines.get(i))
                + "'");
      }
      entries.add(
          new PoolList.Entry(
              Fields.uuid(f[0], where), Fields.hostname(f[1], where), f[2].equals("Connected")));
      if (entries.get(entries.size() - 1).local() && i != lines.size() - 1) {
        throw new ParseException(where + ": '" + PoolList.LOCALHOST + "' is not the last row");
      }
    }
    if (entries.isEmpty() || !entries.get(entries.size() - 1).local()) {
      throw new ParseException("the last row is not '" + PoolList.LOCALHOST + "' (cut off?)");
    }
    return entries;
  }
}
