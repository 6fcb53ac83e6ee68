package io.glusterctl.probe.gluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /var/lib/glusterd/glusterd.info}: this node's UUID ({@code UUID=...}) and operating
 * version. Read from the file, so that a steady-state run needs no {@code pool list} call.
 */
public final class GlusterdInfo {
  private static final Pattern UUID =
      Pattern.compile(
          "(?m)^UUID=([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\s*$");

  private GlusterdInfo() {}

  /** The UUID in the file's text, if there is a well-formed one. */
  public static Optional<String> parseUuid(String text) {
    Matcher m = UUID.matcher(text);
    return m.find() ? Optional.of(m.group(1).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
  }

  /**
   * This node's UUID from {@code <glusterdDir>/glusterd.info}; empty when missing or unreadable.
   */
  public static Optional<String> readUuid(Path glusterdDir) {
    Path f = glusterdDir.resolve("glusterd.info");
    try {
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > 64 * 1024) {
        return Optional.empty();
      }
      return parseUuid(Files.readString(f, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
