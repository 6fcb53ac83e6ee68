package io.glusterctl.probe.parse;

import java.util.regex.Pattern;

/** The checks every parser applies to the values glusterd prints. */
final class Fields {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * RFC 1123: labels of ASCII letters, digits and hyphens, neither starting nor ending with a
   * hyphen, at most 63 characters each, joined by single dots, one trailing dot allowed; at most
   * 253 characters in all (checked apart). An IPv4 address is such a name too.
   */
  private static final Pattern NAME =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

  private Fields() {}

  /** A UUID as glusterd prints it (8-4-4-4-12 hex digits). */
  static String uuid(String value, String where) throws ParseException {
    if (!UUID.matcher(value).matches()) {
      throw new ParseException(where + ": not a UUID: '" + CliXml.abbreviate(value) + "'");
    }
    return value;
  }

  /**
   * A host name as glusterd prints it, in any case: exactly RFC 1123, nothing else (no empty label
   * such as {@code ..}, no character outside ASCII letters, digits, hyphens and dots, so nothing
   * invisible or reordering reaches a report).
   */
  static String hostname(String value, String where) throws ParseException {
    if (value.length() > 254 || !NAME.matcher(value).matches()) {
      throw new ParseException(where + ": not a host name: '" + CliXml.abbreviate(value) + "'");
    }
    return value;
  }
}
