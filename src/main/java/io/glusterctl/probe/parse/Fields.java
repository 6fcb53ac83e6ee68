package io.glusterctl.probe.parse;

import java.util.regex.Pattern;

/** The checks every parser applies to the values glusterd prints. */
final class Fields {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern NAME = Pattern.compile("[^\\s\\p{Cntrl}]{1,1024}");

  private Fields() {}

  /** A UUID as glusterd prints it (8-4-4-4-12 hex digits). */
  static String uuid(String value, String where) throws ParseException {
    if (!UUID.matcher(value).matches()) {
      throw new ParseException(where + ": not a UUID: '" + CliXml.abbreviate(value) + "'");
    }
    return value;
  }

  /** A host name as glusterd prints it: not empty, no white space or control characters. */
  static String hostname(String value, String where) throws ParseException {
    if (!NAME.matcher(value).matches()) {
      throw new ParseException(where + ": not a host name: '" + CliXml.abbreviate(value) + "'");
    }
    return value;
  }
}
