package io.glusterctl.probe.state;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Since when each heal check of the readiness gate has gone unanswered, as state-file entries under
 * the prefix {@code heal.}: {@code heal.unansweredSince.<volume> = 2025-01-01T00:00:00Z}. Pure. An
 * entry that cannot be read is left out with a warning: the gate then counts from this run, which
 * can only keep a pod not ready longer (by at most the grace), never make it ready sooner.
 */
public final class HealEntries {
  public static final String PREFIX = "heal.";
  private static final String SINCE = PREFIX + "unansweredSince.";

  /** A volume name, or the gate's key for the store ({@code .store}). */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,127}|\\.store");

  private HealEntries() {}

  public static Map<String, String> toEntries(Map<String, Instant> unansweredSince) {
    Map<String, String> out = new TreeMap<>();
    unansweredSince.forEach((k, t) -> out.put(SINCE + k, t.toString()));
    return out;
  }

  public static Loaded<Map<String, Instant>> fromEntries(Loaded<Map<String, String>> loaded) {
    Map<String, Instant> since = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    loaded
        .value()
        .forEach(
            (key, value) -> {
              if (!key.startsWith(PREFIX)) {
                return;
              }
              String name = key.startsWith(SINCE) ? key.substring(SINCE.length()) : null;
              if (name == null || !KEY.matcher(name).matches()) {
                warnings.add("unknown state entry " + key + "; left out");
                return;
              }
              try {
                since.put(name, Instant.parse(value));
              } catch (DateTimeParseException e) {
                warnings.add("state entry " + key + " is not a time (" + value + "); left out");
              }
            });
    return loaded.with(since, warnings);
  }
}
