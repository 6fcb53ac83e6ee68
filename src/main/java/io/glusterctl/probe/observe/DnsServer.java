package io.glusterctl.probe.observe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The DNS server to ask: an IP address (never a name, which would need DNS to find) and a port.
 *
 * @param address the server's address
 * @param port its UDP/TCP port, 53 by default
 */
public record DnsServer(InetAddress address, int port) {
  public static final int DEFAULT_PORT = 53;
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 =
      Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[A-Za-z0-9_.-]+)?");

  public DnsServer {
    Objects.requireNonNull(address, "address");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code 10.96.0.10}, {@code 10.96.0.10:5353}, {@code fd00::a}, {@code [fd00::a]:5353}.
   *
   * @throws IllegalArgumentException with a message for people when it is none of these
   */
  public static DnsServer parse(String text) {
    String s = text.strip();
    String host = s;
    int port = DEFAULT_PORT;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("not host[:port]: " + text);
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new IllegalArgumentException("not host[:port]: " + text);
        }
        port = parsePort(rest.substring(1), text);
      }
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = parsePort(s.substring(s.indexOf(':') + 1), text);
    }
    boolean literal = IPV6.matcher(host).matches() || IPV4.matcher(host).matches();
    if (!literal) {
      throw new IllegalArgumentException("the DNS server must be an IP address: " + text);
    }
    try {
      // a literal: checked for form, never looked up
      return new DnsServer(InetAddress.getByName(host), port);
    } catch (UnknownHostException | SecurityException e) {
      throw new IllegalArgumentException("not an IP address: " + text);
    }
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  @Override
  public String toString() {
    String a = address.getHostAddress();
    return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
  }

  private static int parsePort(String p, String text) {
    if (!p.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("bad port in " + text);
    }
    int port = Integer.parseInt(p);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range in " + text);
    }
    return port;
  }
}
