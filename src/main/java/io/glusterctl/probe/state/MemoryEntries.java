package io.glusterctl.probe.state;

import io.glusterctl.probe.model.Memory;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@link Memory} as state-file entries, under the prefix {@code memory.}: {@code
 * memory.disconnectedSince.<uuid> = 2025-01-01T00:00:00Z}. Pure. An entry that cannot be read is
 * left out with a warning, which can only delay an action, never cause one.
 */
public final class MemoryEntries {
  public static final String PREFIX = "memory.";
  private static final String DISCONNECTED = PREFIX + "disconnectedSince.";
  private static final String SURPLUS = PREFIX + "surplusSince.";
  private static final String STUCK = PREFIX + "stuckSince.";
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private MemoryEntries() {}

  /** The entries of a memory, every key starting with {@link #PREFIX}. */
  public static Map<String, String> toEntries(Memory memory) {
    Map<String, String> out = new TreeMap<>();
    memory.disconnectedSince().forEach((uuid, t) -> out.put(DISCONNECTED + uuid, t.toString()));
    memory.surplusSince().forEach((uuid, t) -> out.put(SURPLUS + uuid, t.toString()));
    memory.stuckSince().forEach((uuid, t) -> out.put(STUCK + uuid, t.toString()));
    return out;
  }

  /** The memory in these entries (others are ignored), with a warning for each one left out. */
  public static Loaded<Memory> fromEntries(Loaded<Map<String, String>> loaded) {
    Map<String, Instant> disconnected = new TreeMap<>();
    Map<String, Instant> surplus = new TreeMap<>();
    Map<String, Instant> stuck = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    loaded
        .value()
        .forEach(
            (key, value) -> {
              if (!key.startsWith(PREFIX)) {
                return;
              }
              Map<String, Instant> target;
              String uuid;
              if (key.startsWith(DISCONNECTED)) {
                target = disconnected;
                uuid = key.substring(DISCONNECTED.length());
              } else if (key.startsWith(SURPLUS)) {
                target = surplus;
                uuid = key.substring(SURPLUS.length());
              } else if (key.startsWith(STUCK)) {
                target = stuck;
                uuid = key.substring(STUCK.length());
              } else {
                warnings.add("unknown state entry " + key + "; left out");
                return;
              }
              if (!UUID.matcher(uuid).matches()) {
                warnings.add("state entry " + key + " is not about a UUID; left out");
                return;
              }
              try {
                target.put(uuid.toLowerCase(java.util.Locale.ROOT), Instant.parse(value));
              } catch (DateTimeParseException e) {
                warnings.add("state entry " + key + " is not a time (" + value + "); left out");
              }
            });
    return loaded.with(new Memory(disconnected, surplus, stuck), warnings);
  }
}
