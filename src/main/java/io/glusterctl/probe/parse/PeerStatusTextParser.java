package io.glusterctl.probe.parse;

import io.glusterctl.probe.model.Peer;
import io.glusterctl.probe.model.PeerState;
import io.glusterctl.probe.model.PoolView;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text form of {@code gluster peer status}, as the seed shows it and as glusterd 10
 * prints it:
 *
 * <pre>
 * Number of Peers: 2
 *
 * Hostname: glusterfs-1.glusterfs.default.svc.cluster.local
 * Uuid: d77f225f-14f9-4028-9ed1-02eff28cbc4c
 * State: Peer in Cluster (Connected)
 * Other names:
 * GLUSTERFS-1.GLUSTERFS.DEFAULT.SVC.CLUSTER.LOCAL
 * glusterfs-1
 *
 * Hostname: ...
 * </pre>
 *
 * <p>Tolerated: CRLF line ends, white space around lines, extra blank lines, a byte order mark.
 * Refused (a {@link ParseException}, never a shorter list): a count that does not match the peers
 * listed, a peer missing a line, a state text glusterd does not print, anything after the last
 * peer, and output that ends in the middle of an {@code Other names} entry (the only line whose end
 * cannot be told from its text: glusterd ends its output with a newline).
 */
public final class PeerStatusTextParser {
  private static final Pattern COUNT = Pattern.compile("Number of Peers: ([0-9]{1,7})");
  private static final Pattern STATE =
      Pattern.compile("State: (.+) \\((Connected|Disconnected)\\)");
  private static final String HOSTNAME = "Hostname:";
  private static final String UUID = "Uuid:";
  private static final String OTHER_NAMES = "Other names:";

  private final List<String> lines;
  private int at;

  private PeerStatusTextParser(String text) {
    this.lines = List.of(text.split("\r\n|\n", -1));
  }

  public static PoolView parse(String text) throws ParseException, GlusterOpFailed {
    if (text == null || text.isBlank()) {
      throw new ParseException("empty output");
    }
    return new PeerStatusTextParser(CliXml.plainText(text)).parse();
  }

  private PoolView parse() throws ParseException {
    skipBlankLines();
    if (at >= lines.size()) {
      throw new ParseException("empty output");
    }
    Matcher count = COUNT.matcher(line());
    if (!count.matches()) {
      throw error("expected 'Number of Peers: N', found '" + CliXml.abbreviate(line()) + "'");
    }
    int expected = Integer.parseInt(count.group(1));
    at++;
    List<Peer> peers = new ArrayList<>();
    int lastNameLine = -1;
    while (true) {
      int blanks = skipBlankLines();
      if (at >= lines.size()) {
        break;
      }
      if (blanks == 0) {
        throw error(
            "expected a blank line before the next peer, found '"
                + CliXml.abbreviate(line())
                + "'");
      }
      if (peers.size() == expected) {
        throw error("more peers than 'Number of Peers: " + expected + "'");
      }
      Peer peer = peer(peers.size() + 1);
      peers.add(peer);
      lastNameLine = peer.hostnames().size() > 1 ? at - 1 : -1;
    }
    if (peers.size() != expected) {
      throw new ParseException(
          "'Number of Peers: " + expected + "' but " + peers.size() + " peers listed (cut off?)");
    }
    if (lastNameLine == lines.size() - 1 && !lines.get(lastNameLine).endsWith("\r")) {
      throw new ParseException(
          "output ends in the middle of an 'Other names' entry, without a newline (cut off?)");
    }
    return PoolView.of(peers);
  }

  private Peer peer(int index) throws ParseException {
    String where = "peer " + index;
    String hostname = Fields.hostname(value(HOSTNAME), where + " Hostname");
    String uuid = Fields.uuid(value(UUID), where + " Uuid");
    Matcher state = STATE.matcher(expectLine("State:"));
    if (!state.matches()) {
      throw error(
          "expected 'State: <state> (Connected|Disconnected)', found '"
              + CliXml.abbreviate(lines.get(at - 1).strip())
              + "'");
    }
    String stateText = state.group(1);
    PeerState peerState =
        PeerState.fromText(stateText)
            .orElseThrow(() -> error("unknown peer state '" + CliXml.abbreviate(stateText) + "'"));
    boolean connected = state.group(2).equals("Connected");
    List<String> hostnames = new ArrayList<>();
    hostnames.add(hostname);
    if (at < lines.size() && line().equals(OTHER_NAMES)) {
      at++;
      while (at < lines.size() && !line().isEmpty()) {
        hostnames.add(Fields.hostname(line(), "line " + (at + 1) + ": " + where + " other name"));
        at++;
      }
      if (hostnames.size() == 1) {
        throw error("'" + OTHER_NAMES + "' with no names after it");
      }
    }
    return new Peer(uuid, hostname, hostnames, peerState, connected);
  }

  /** The value after {@code key} on the current line, which must start with it; moves on. */
  private String value(String key) throws ParseException {
    return expectLine(key).substring(key.length()).strip();
  }

  /** The current line, which must start with {@code prefix}; moves on. */
  private String expectLine(String prefix) throws ParseException {
    if (at >= lines.size()) {
      throw new ParseException("output ends where '" + prefix + "' was expected (cut off?)");
    }
    String l = line();
    if (!l.startsWith(prefix)) {
      throw error("expected '" + prefix + "', found '" + CliXml.abbreviate(l) + "'");
    }
    at++;
    return l;
  }

  private String line() {
    return lines.get(at).strip();
  }

  private int skipBlankLines() {
    int n = 0;
    while (at < lines.size() && line().isEmpty()) {
      at++;
      n++;
    }
    return n;
  }

  private ParseException error(String message) {
    return new ParseException("line " + (Math.min(at, lines.size() - 1) + 1) + ": " + message);
  }
}
