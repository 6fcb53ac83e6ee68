package io.glusterctl.probe.model;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validation and comparison of host names (RFC 1123). */
public final class HostNames {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private HostNames() {}

  /**
   * Whether {@code s} is one RFC 1123 label exactly as Kubernetes names objects: lower-case ASCII
   * letters, digits and hyphens, not starting or ending with a hyphen, at most 63 characters. Not
   * normalized first: {@code Glusterfs-1} and {@code glusterfs-1 } are not labels.
   */
  public static boolean isLabel(String s) {
    return s != null && LABEL.matcher(s).matches();
  }

  /** Lower case, no trailing dot: how two DNS names are compared. */
  public static String normalize(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /**
   * Whether {@code name} is a valid RFC 1123 host name: labels of letters, digits and hyphens, not
   * starting or ending with a hyphen, at most 63 characters each and 253 in all, in any case, one
   * trailing dot allowed; nothing else (no white space, nothing outside ASCII). Names from DNS or
   * the API pass this check before they become arguments of a command.
   */
  public static boolean isValid(String name) {
    if (name == null || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return false; // before lower-casing, which makes a KELVIN SIGN a k; no white space either
    }
    String n = normalize(name);
    if (n.isEmpty() || n.length() > 253) {
      return false;
    }
    for (String label : n.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }
}
